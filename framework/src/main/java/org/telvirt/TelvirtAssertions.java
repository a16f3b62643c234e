package org.telvirt;

/** Entry point for telvirt's AssertJ assertions: {@code assertThat(run).hasNoLoss()}. */
public final class TelvirtAssertions {
    private TelvirtAssertions() {
    }

    public static MediaRunAssert assertThat(MediaRun run) {
        return new MediaRunAssert(run);
    }
}
