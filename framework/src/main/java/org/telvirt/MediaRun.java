package org.telvirt;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;
import org.telvirt.host.HostException;
import org.telvirt.hostkit.credit.EnforcerReport;
import org.telvirt.workloads.io.JsonFiles;
import org.telvirt.workloads.rtp.IntervalLog;
import org.telvirt.workloads.rtp.RunSummary;
import org.telvirt.knob.AppliedKnob;
import org.telvirt.report.ReportFormat;

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
 */
public record MediaRun(Configuration configuration, String host, Workload workload, List<AppliedKnob> applied,
                       List<String> notes, RunSummary summary, Histogram delayHistogram,
                       Map<String, String> hostStatistics, List<GeneratorShare> generators, Path resultDirectory,
                       Duration elapsed) {

    /** The run's delay log in its result directory, merged when several generators sent the streams. */
    public static final String DELAY_LOG = "delay.hlog";
    /** The host statistic holding a credit-scheduled host's scheduler report, one JSON line. */
    public static final String CREDIT_SCHEDULER_STATISTICS = "creditScheduler";

    public int streams() {
        return summary.streams();
    }

    public double lossPercent() {
        return summary.lossPercent();
    }

    public long packetsSent() {
        return summary.packetsSent();
    }

    public long packetsLost() {
        return summary.packetsLost();
    }

    /** The delay at a percentile of every measured packet, in milliseconds; empty when no packet came back. */
    public OptionalDouble delayMillis(double percentile) {
        return delayHistogram.getTotalCount() == 0 ? OptionalDouble.empty()
                : OptionalDouble.of(delayHistogram.getValueAtPercentile(percentile) / 1000.0);
    }

    public double maxJitterMillis() {
        return summary.jitterMicros().max() / 1000.0;
    }

    /**
     * How many of the experiment's cores a domain kept busy on average, by the account of the host's credit
     * scheduler; empty on a host that keeps no such account (native, Linux's own scheduler, a real Xen host).
     */
    public OptionalDouble coresUsedBy(String domain) {
        String report = hostStatistics.get(CREDIT_SCHEDULER_STATISTICS);
        return report == null ? OptionalDouble.empty()
                : JsonFiles.fromLine(report, EnforcerReport.class).logicalCoresUsed(domain);
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
