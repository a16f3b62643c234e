package org.telvirt;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.telvirt.host.DomainCores;
import org.telvirt.hostkit.credit.EnforcerReport;
import org.telvirt.workloads.io.JsonFiles;
import org.telvirt.workloads.rtp.IntervalLog;
import org.telvirt.workloads.rtp.RunSummary;
import org.telvirt.workloads.rtp.StreamResult;
import org.telvirt.workloads.signaling.SignalingClient;
import org.telvirt.knob.AppliedKnob;
import org.telvirt.report.ReportFormat;
import org.telvirt.quality.EModel;

/**
 * One measured run: the configuration, the host and what it actually applied, and the media
 * figures (the client's summary and the full delay histogram). Injected into tests as a parameter.
 *
 * @param configuration what was asked for
 * @param host the host profile's name ({@code native} for column N)
 * @param workload what actually ran, after the host scaled the stream count
 * @param applied every knob as the host applied it
 * @param notes how this host ran it, for whoever reads the numbers (core folding, scaling)
 * @param summary the RTP client's summary
 * @param delayHistogram round-trip delay of every measured packet, in microseconds
 * @param hostStatistics the host's own counters (relay, scheduler)
 * @param generators what each generator measured, when several sent the streams ({@code summary} and
 *     {@code delayHistogram} are then their merge); empty when one client on this machine sent them
 * @param resultDirectory where the summary, histogram log and logs of this run are kept
 * @param elapsed wall time of the whole run, provisioning to restore
 * @param perStream each stream as the client saw it (its per-stream CSV); empty when it wrote none
 * @param signaling what the signaling client measured; empty when the workload placed no calls
 */
public record MediaRun(Configuration configuration, String host, Workload workload, List<AppliedKnob> applied,
                       List<String> notes, RunSummary summary, Histogram delayHistogram,
                       Map<String, String> hostStatistics, List<GeneratorShare> generators, Path resultDirectory,
                       Duration elapsed, List<StreamResult> perStream, Optional<SignalingClient.Summary> signaling) {

    /** The run's delay log in its result directory, merged when several generators sent the streams. */
    public static final String DELAY_LOG = "delay.hlog";
    /** The host statistic holding a credit-scheduled host's scheduler report, one JSON line. */
    public static final String CREDIT_SCHEDULER_STATISTICS = "creditScheduler";
    /**
     * The host statistic holding, on a host whose hypervisor keeps the account (Xen: {@code xl list} CPU seconds around
     * the clients' run), each role's busy cores: a {@link DomainCores} as one JSON line.
     */
    public static final String DOMAIN_CORES_STATISTICS = "domainCoresUsed";
    /** Copies the per-stream results: a run stays as it was measured. */
    public MediaRun {
        perStream = List.copyOf(perStream);
    }

    /** A run without per-stream or signaling results: its telephony figures that need them are NaN. */
    public MediaRun(Configuration configuration, String host, Workload workload, List<AppliedKnob> applied,
                    List<String> notes, RunSummary summary, Histogram delayHistogram,
                    Map<String, String> hostStatistics, List<GeneratorShare> generators, Path resultDirectory,
                    Duration elapsed) {
        this(configuration, host, workload, applied, notes, summary, delayHistogram, hostStatistics, generators,
                resultDirectory, elapsed, List.of(), Optional.empty());
    }

    /** The streams that ran on the host, after its stream scale: the paper's count may be more. */
    public int streams() {
        return summary.streams();
    }

    /** Packets lost over all streams, in percent of those sent; the warm-up is not counted. */
    public double lossPercent() {
        return summary.lossPercent();
    }

    /** Packets sent after the warm-up: what {@link #lossPercent()} is a share of. */
    public long packetsSent() {
        return summary.packetsSent();
    }

    /** Packets that never came back, or came back too late to play. */
    public long packetsLost() {
        return summary.packetsLost();
    }

    /** The delay at a percentile of every measured packet, in milliseconds; empty when no packet came back. */
    public OptionalDouble delayMillis(double percentile) {
        return delayHistogram.getTotalCount() == 0 ? OptionalDouble.empty()
                : OptionalDouble.of(delayHistogram.getValueAtPercentile(percentile) / 1000.0);
    }

    /** The largest RFC 3550 jitter estimate any stream reached, in milliseconds: what a jitter buffer must absorb. */
    public double maxJitterMillis() {
        return summary.jitterMicros().max() / 1000.0;
    }

    /**
     * Half the mean round trip, in milliseconds: the client times round trips only, and the path out and back is
     * the same one. NaN when no packet came back.
     */
    public double oneWayDelayMillis() {
        return delayHistogram.getTotalCount() == 0 ? Double.NaN : delayHistogram.getMean() / 2 / 1000.0;
    }

    /** The playout delay of a jitter buffer of {@value EModel#JITTER_BUFFER_JITTERS} x the mean jitter, in milliseconds. */
    public double jitterBufferMillis() {
        return EModel.JITTER_BUFFER_JITTERS * summary.jitterMicros().mean() / 1000.0;
    }

    /**
     * The E-model's rating R of the run's average call (see {@link EModel}): loss as measured, mouth-to-ear delay
     * {@link #oneWayDelayMillis()} + {@link #jitterBufferMillis()}, packets assumed to arrive within the buffer.
     * A run that got nothing back is rated on its loss alone, which already puts it at the bottom of the scale.
     */
    public double rFactor() {
        double delayMillis = delayHistogram.getTotalCount() == 0 ? 0 : oneWayDelayMillis() + jitterBufferMillis();
        return EModel.rFactor(delayMillis, lossPercent(), burstRatio());
    }

    /** The MOS of {@link #rFactor()}, 1 to 4.5. */
    public double mos() {
        return EModel.mos(rFactor());
    }

    /**
     * How much burstier the loss was than random loss of the same rate ({@link EModel#burstRatio}), from every
     * stream's loss bursts; 1 (random) when the client wrote no per-stream results.
     */
    public double burstRatio() {
        return EModel.burstRatio(perStream.stream().mapToLong(StreamResult::sent).sum(),
                perStream.stream().mapToLong(StreamResult::lost).sum(),
                perStream.stream().mapToLong(StreamResult::lossBursts).sum());
    }

    /** The loss of the stream that lost the most, in percent of its packets: the worst call. NaN without per-stream results. */
    public double worstStreamLossPercent() {
        return perStream.stream().mapToDouble(StreamResult::lossPercent).max().orElse(Double.NaN);
    }

    /** The loss 99 % of the streams stay at or below (nearest rank), in percent. NaN without per-stream results. */
    public double p99StreamLossPercent() {
        double[] losses = perStream.stream().mapToDouble(StreamResult::lossPercent).sorted().toArray();
        return losses.length == 0 ? Double.NaN : losses[(int) Math.ceil(0.99 * losses.length) - 1];
    }

    /** The most consecutive packets any stream lost: the longest gap a caller heard. NaN without per-stream results. */
    public double longestLossBurstPackets() {
        return perStream.stream().mapToDouble(StreamResult::longestLossBurst).max().orElse(Double.NaN);
    }

    /** The median call setup time, INVITE to its 200 OK, in milliseconds. NaN when the workload placed no calls. */
    public double p50CallSetupMillis() {
        return signaling.map(calls -> calls.setupMillis().p50()).orElse(Double.NaN);
    }

    /** The 99th percentile of the call setup time, in milliseconds. NaN when the workload placed no calls. */
    public double p99CallSetupMillis() {
        return signaling.map(calls -> calls.setupMillis().p99()).orElse(Double.NaN);
    }

    /**
     * Calls that failed: refused, or a request unanswered for 32 s, or unfinished when the run ended. A number,
     * not a count type, so that it is NaN when the workload placed no calls.
     */
    public double failedCalls() {
        return signaling.map(calls -> (double) calls.callsFailed()).orElse(Double.NaN);
    }

    /**
     * How many of the experiment's cores a domain kept busy on average while the clients ran, by the host's own
     * account: the emulated credit scheduler's, or Xen's ({@value #DOMAIN_CORES_STATISTICS}); empty on a host that
     * keeps none (native, Linux's own scheduler).
     */
    public OptionalDouble coresUsedBy(String domain) {
        OptionalDouble scheduled = schedulerReport().map(report -> report.logicalCoresUsed(domain))
                .orElse(OptionalDouble.empty());
        if (scheduled.isPresent()) {
            return scheduled;
        }
        return Optional.ofNullable(hostStatistics.get(DOMAIN_CORES_STATISTICS))
                .map(line -> JsonFiles.fromLine(line, DomainCores.class).coresUsedByRole().get(domain))
                .map(OptionalDouble::of).orElse(OptionalDouble.empty());
    }

    /**
     * How many of the experiment's cores the host's credit scheduler let a domain hold on average: the most
     * {@link #coresUsedBy} can be; empty where no such account is kept.
     */
    public OptionalDouble coresHeldBy(String domain) {
        return schedulerReport().map(report -> report.logicalCoresHeld(domain)).orElse(OptionalDouble.empty());
    }

    /** Per domain, the cores it used of the cores it held: {@code dom0 0.62 of 1.00, media 0.41 of 0.57}; empty without an account. */
    public String coresUsedOfHeld() {
        return schedulerReport().map(report -> report.domains().stream()
                .map(domain -> String.format(Locale.ROOT, "%s %.2f of %.2f", domain.name(),
                        report.logicalCoresUsed(domain.name()).orElse(0), report.logicalCoresHeld(domain.name()).orElse(0)))
                .collect(Collectors.joining(", "))).orElse("");
    }

    private Optional<EnforcerReport> schedulerReport() {
        return Optional.ofNullable(hostStatistics.get(CREDIT_SCHEDULER_STATISTICS))
                .map(line -> JsonFiles.fromLine(line, EnforcerReport.class));
    }

    /**
     * The run's measured seconds (docs/findings.md, section 1), read from its result directory: the summary's sent and
     * lost per second beside the delay intervals of {@value #DELAY_LOG}.
     */
    public List<MeasuredSecond> seconds() {
        Path log = resultDirectory.resolve(DELAY_LOG);
        try {
            return MeasuredSecond.of(summary.seconds(), IntervalLog.read(log).delayMicros());
        } catch (IOException unreadable) {
            throw new HostException("the delay log of " + configuration.id() + " is unreadable: "
                    + unreadable.getMessage(), unreadable);
        }
    }

    /** One line with the numbers that matter: {@code 120 streams, loss 0.00 %, p50 0.18 ms, p99 1.9 ms}. */
    public String headline() {
        return String.format(Locale.ROOT, "%d streams, loss %.2f %%, p50 %s, p99 %s", streams(), lossPercent(),
                ReportFormat.delay(delayMillis(50)), ReportFormat.delay(delayMillis(99)));
    }

    @Override
    public String toString() {
        return configuration.id() + " on " + host + ": " + headline();
    }
}
