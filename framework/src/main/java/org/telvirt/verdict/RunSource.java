package org.telvirt.verdict;

import org.telvirt.Configuration;

/**
 * Where a finding's runs come from: on a host, the lab, which measures a run it does not have yet (a figure class's
 * run of the configuration in the same build counts as the first); in a unit test, made-up runs.
 */
@FunctionalInterface
public interface RunSource {
    /** The {@code number}-th run (from 1) of {@code configuration}. */
    JudgedRun run(Configuration configuration, int number);
}
