package org.telvirt.engine;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.fake.FakeHostEvents;

/** Tests that run fixtures against the fake host: each starts with its event list empty and its own results directory. */
abstract class FakeHostTest {
    @TempDir
    Path results;

    @BeforeEach
    void forgetEarlierEvents() {
        FakeHostEvents.drain();
    }
}
