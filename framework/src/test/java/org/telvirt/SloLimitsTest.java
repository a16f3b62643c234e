package org.telvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SloLimitsTest {
    /** Two streams: one clean, one losing 50 of its 1000 packets in bursts of 5; 600 calls, 2 failed, p99 setup 80 ms. */
    private static final MediaRun LOSSY = TelephonyRuns.run(2_000, 0, new long[] {0, 50}, 5,
            Optional.of(TelephonyRuns.calls(2, 80)));

    @Test
    void anAnnotationLeavesEveryLimitButTheLossUnset() throws Exception {
        SloLimits defaults = SloLimits.of(Fixtures.class.getDeclaredMethod("defaults").getAnnotation(Slo.class));

        assertThat(defaults.maxLossPercent()).isZero();
        assertThat(List.of(defaults.p99DelayMillis(), defaults.minMos(), defaults.maxBurstLossPackets(),
                defaults.maxFailedCalls())).allMatch(limit -> Double.isNaN(limit));
        assertThat(defaults.isSet()).isTrue();
        assertThat(defaults.problems("@Slo on defaults()")).isEmpty();
        assertThat(SloLimits.NONE.isSet()).isFalse();
        assertThat(SloLimits.NONE.violations(LOSSY)).isEmpty();
        assertThat(SloLimits.NONE).hasToString("none");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "minMos                    | 4.4  | 4.1 | MOS 4.17 < 4.4 SLO",
        "maxWorstStreamLossPercent | 2    | 5   | worst-stream loss 5.00 % > 2 % SLO",
        "p99StreamLossPercent      | 1    | 5   | p99 stream loss 5.00 % > 1 % SLO",
        "maxBurstLossPackets       | 4    | 5   | burst loss 5 packets > 4 packets SLO",
        "p99CallSetupMillis        | 50   | 80  | p99 call setup 80 ms > 50 ms SLO",
        "maxFailedCalls            | 0    | 2   | failed calls 2 > 0 SLO"})
    void eachTelephonyLimitFailsBeyondItAndPassesAtIt(String element, double failing, double passing, String broken) {
        assertThat(only(element, failing).violations(LOSSY)).containsExactly(broken);
        assertThat(only(element, passing).violations(LOSSY)).isEmpty();
    }

    @Test
    void aLimitOnAFigureTheRunCouldNotMeasureIsBroken() {
        MediaRun withoutCalls = TelephonyRuns.run(2_000, 0, new long[2], 1, Optional.empty());

        assertThat(only("p99CallSetupMillis", 50).violations(withoutCalls))
                .containsExactly("p99 call setup not measured, <= 50 ms SLO");
        assertThat(only("maxFailedCalls", 0).limitsCalls()).isTrue();
        assertThat(only("minMos", 4).limitsCalls()).isFalse();
    }

    @Test
    void theMediaLimitsReadAsBefore() {
        SloLimits slo = new SloLimits(0, 1, Slo.UNSET, Slo.UNSET, Slo.UNSET, Slo.UNSET, Slo.UNSET, Slo.UNSET, Slo.UNSET,
                Slo.UNSET);

        assertThat(slo.violations(LOSSY)).containsExactly("loss 2.50 % > 0 % SLO", "p99 delay 2 ms > 1 ms SLO");
        assertThat(slo).hasToString("loss <= 0 %, p99 delay <= 1 ms");
        assertThat(only("minMos", 4)).hasToString("MOS >= 4");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "maxLossPercent            | -1  | maxLossPercent -1.0 is negative; leave the element out to leave it unchecked",
        "p99DelayMillis            | -1  | p99DelayMillis -1.0 is negative",
        "p50DelayMillis            | -0.5| p50DelayMillis -0.5 is negative",
        "maxJitterMillis           | -1  | maxJitterMillis -1.0 is negative",
        "minMos                    | -1  | minMos -1.0 is negative",
        "minMos                    | 4.6 | minMos 4.6 is above 4.5, the best MOS there is, so it can never be met",
        "minMos                    | 1   | minMos 1.0 is at most 1.0, the worst MOS there is, so it can never fail",
        "maxWorstStreamLossPercent | 150 | maxWorstStreamLossPercent 150.0 is above 100 %, so it can never fail",
        "p99StreamLossPercent      | -2  | p99StreamLossPercent -2.0 is negative",
        "maxBurstLossPackets       | -1  | maxBurstLossPackets -1.0 is negative",
        "p99CallSetupMillis        | -1  | p99CallSetupMillis -1.0 is negative",
        "maxFailedCalls            | -1  | maxFailedCalls -1.0 is negative"})
    void aLimitThatCannotMeanWhatWasWrittenIsAProblemNamingTheAnnotation(String element, double value, String problem) {
        assertThat(only(element, value).problems("@Slo on gate()")).singleElement().asString()
                .startsWith("@Slo on gate(): " + problem);
    }

    /** Limits with only {@code element} set. */
    static SloLimits only(String element, double value) {
        double[] limits = new double[SloLimits.Limit.values().length];
        Arrays.fill(limits, Slo.UNSET);
        limits[List.of("maxLossPercent", "p99DelayMillis", "p50DelayMillis", "maxJitterMillis", "minMos",
                "maxWorstStreamLossPercent", "p99StreamLossPercent", "maxBurstLossPackets", "p99CallSetupMillis",
                "maxFailedCalls").indexOf(element)] = value;
        return new SloLimits(limits[0], limits[1], limits[2], limits[3], limits[4], limits[5], limits[6], limits[7],
                limits[8], limits[9]);
    }

    static class Fixtures {
        @Slo
        void defaults() {
        }
    }
}
