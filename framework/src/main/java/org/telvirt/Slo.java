package org.telvirt;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The service level a run must meet; checked after the workload ran and the host was restored, so a
 * miss fails the test with {@code SLO violated:} and every number it broke, never leaving the host tuned.
 * Limits are inclusive (a loss of exactly {@code maxLossPercent} passes). A limit left out is not checked;
 * a negative limit is a configuration error, since no measurement can be negative.
 *
 * <pre>{@code
 * @Test
 * @Slo(maxLossPercent = 0.1, p99DelayMillis = 20, minMos = 4.0, maxBurstLossPackets = 2, p99CallSetupMillis = 50)
 * void mediaVmCarriesTheLoad(MediaRun run) { }
 * }</pre>
 *
 * <p>The telephony limits read what {@link MediaRun} derives: the MOS of the G.107 E-model ({@link org.telvirt.quality.EModel}),
 * each stream's loss and loss bursts from the client's per-stream results, and the signaling client's call
 * setup times and failed calls, which need a {@link SignalingLoad}.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface Slo {
    /** The default of every limit but the loss: not checked. NaN, which nobody types as a limit by mistake. */
    double UNSET = Double.NaN;

    /** Packets lost, in percent of those sent over all streams; 0 by default, the paper's "without losing a packet". */
    double maxLossPercent() default 0.0;

    /** The round-trip delay 99 % of packets stay within, in milliseconds. */
    double p99DelayMillis() default UNSET;

    /** The median round-trip delay, in milliseconds. */
    double p50DelayMillis() default UNSET;

    /** The largest RFC 3550 jitter estimate any stream reached, in milliseconds. */
    double maxJitterMillis() default UNSET;

    /** The lowest acceptable MOS of the average call ({@link MediaRun#mos()}), above 1 and at most 4.5. */
    double minMos() default UNSET;

    /** The loss of the stream that lost the most, in percent: no single call may be worse. */
    double maxWorstStreamLossPercent() default UNSET;

    /** The loss 99 % of the streams stay at or below, in percent: the bad calls may be 1 % of them. */
    double p99StreamLossPercent() default UNSET;

    /** The most consecutive packets any stream may lose: concealment hides a packet or two, not a gap. */
    double maxBurstLossPackets() default UNSET;

    /** The call setup time (INVITE to 200 OK) 99 % of calls stay within, in milliseconds; needs {@link SignalingLoad}. */
    double p99CallSetupMillis() default UNSET;

    /** The most calls that may fail during the run; needs {@link SignalingLoad}. */
    double maxFailedCalls() default UNSET;
}
