package org.telvirt.workloads.jitter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GapRecorderTest {
    private static final long THRESHOLD_NANOS = 100_000;

    @Test
    void readingsCloserThanTheThresholdAreNoGap() {
        GapRecorder recorder = new GapRecorder(THRESHOLD_NANOS, 0);
        for (long now = 50; now <= 1_000_000; now += 50) {
            recorder.observe(now);
        }

        assertThat(recorder.gapMicros().getTotalCount()).isZero();
        assertThat(recorder.stalledNanos()).isZero();
        assertThat(recorder.longGaps()).isZero();
        assertThat(recorder.observedNanos()).isEqualTo(1_000_000);
    }

    @Test
    void aGapOverTheThresholdIsCountedWithItsWholeLength() {
        GapRecorder recorder = new GapRecorder(THRESHOLD_NANOS, 1_000);
        recorder.observe(2_000);
        recorder.observe(2_002_000);
        recorder.observe(2_003_000);
        recorder.observe(2_103_001);

        assertThat(recorder.gapMicros().getTotalCount()).isEqualTo(2);
        assertThat(recorder.gapMicros().getMaxValue()).isEqualTo(2_000);
        assertThat(recorder.gapMicros().getMinValue()).isEqualTo(100);
        assertThat(recorder.stalledNanos()).isEqualTo(2_000_000 + 100_001);
        assertThat(recorder.longGaps()).as("gaps over 1 ms").isEqualTo(1);
        assertThat(recorder.longStalledNanos()).isEqualTo(2_000_000);
        assertThat(recorder.observedNanos()).isEqualTo(2_102_001);
    }

    @Test
    void aGapOfExactlyTheThresholdIsNotCounted() {
        GapRecorder recorder = new GapRecorder(THRESHOLD_NANOS, 0);
        recorder.observe(THRESHOLD_NANOS);

        assertThat(recorder.gapMicros().getTotalCount()).isZero();
    }
}
