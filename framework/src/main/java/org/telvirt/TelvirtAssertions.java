package org.telvirt;

/** Entry point for telvirt's AssertJ assertions: {@code assertThat(run).hasNoLoss()}. */
public final class TelvirtAssertions {
    private TelvirtAssertions() {
    }

    /** Named like AssertJ's, so that a static import reads as the rest of a test's assertions. */
    public static MediaRunAssert assertThat(MediaRun run) {
        return new MediaRunAssert(run);
    }
}
