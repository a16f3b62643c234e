package org.telvirt.verdict;

/**
 * Judges the paper's findings on the selected host: injected, like a {@link org.telvirt.Lab}, into the tests of a
 * {@link org.telvirt.TelephonyLab} class ({@code void f1(Findings findings)}).
 */
public interface Findings {

    /**
     * Judges one of the paper's findings on this host as docs/findings.md fixes it: the host's capabilities checked
     * and printed before anything runs, then the runs it needs (this JVM's earlier runs count), round by round. The
     * verdict is printed, reported at the end of the run and kept in {@code verdict.json}; asserting on it is the
     * test's.
     */
    FindingVerdict judge(Finding finding);
}
