package org.telvirt;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * What runs on the host: the media streams and their per-packet work, the signaling load, and the
 * CPU-bound VMs. Stream counts are the paper's; {@link #scaled(double)} fits them to a host.
 *
 * @param streams RTP streams, 50 packets a second each
 * @param seconds measured duration
 * @param warmupSeconds discarded start
 * @param mediaWorkMicros CPU work per media packet
 * @param mediaVcpus the Media VM's vCPUs (the paper gives it 2), also its worker threads
 * @param callsPerSecond signaling calls per second, 0 for no Signaling VM load
 * @param holdSeconds call hold time
 * @param cpuBoundVms how many CPU-bound VMs run (0..2)
 */
public record Workload(int streams, int seconds, int warmupSeconds, int mediaWorkMicros, int mediaVcpus,
                       double callsPerSecond, int holdSeconds, int cpuBoundVms) {
    /** The paper's two CPU-bound VMs: the roles name no more. */
    public static final int MAX_CPU_BOUND_VMS = Role.CPU_BOUND_VMS.size();
    /** The most streams the RTP client sends ({@code rtp-client --streams}). */
    public static final int MAX_STREAMS = 100_000;
    /** The most media work per packet the media server does ({@code media-server --work-micros}). */
    public static final int MAX_WORK_MICROS = 1_000_000;
    /** The call rates the signaling client places ({@code signaling-client --calls-per-second}). */
    public static final double MIN_CALLS_PER_SECOND = 0.01;
    /** The most calls a second the signaling client places. */
    public static final double MAX_CALLS_PER_SECOND = 100_000;

    /** The paper's mixed workload: 800 streams, signaling, two CPU-bound VMs. */
    public static final Workload MIXED = new Workload(800, 20, 3, 10, 2, 67, 60, 2);

    /** The paper's turnkey workload at a given call rate: streams = 2 x 10 % x cps x hold. */
    public static Workload turnkey(int callsPerSecond) {
        return new Workload(2 * callsPerSecond * 60 / 10, 20, 3, 10, 2, callsPerSecond, 60, 0);
    }

    /** What cannot run as written, each problem naming {@code source}; empty when it can run. */
    public List<String> validate(String source) {
        List<String> problems = new ArrayList<>();
        if (streams < 1) {
            problems.add(source + ": streams must be at least 1, got " + streams);
        }
        if (seconds < 1) {
            problems.add(source + ": seconds must be at least 1, got " + seconds);
        }
        if (warmupSeconds < 0) {
            problems.add(source + ": warmupSeconds must not be negative, got " + warmupSeconds);
        }
        if (mediaWorkMicros < 0) {
            problems.add(source + ": workMicros must not be negative, got " + mediaWorkMicros);
        }
        if (mediaWorkMicros > MAX_WORK_MICROS) {
            problems.add(source + ": workMicros must be at most " + MAX_WORK_MICROS + ", got " + mediaWorkMicros);
        }
        if (mediaVcpus < 1) {
            problems.add(source + ": the Media VM needs at least 1 vCPU, got " + mediaVcpus);
        }
        if (callsPerSecond < 0) {
            problems.add(source + ": callsPerSecond must not be negative, got " + callsPerSecond);
        }
        if (holdSeconds < 0) {
            problems.add(source + ": holdSeconds must not be negative, got " + holdSeconds);
        }
        if (cpuBoundVms < 0 || cpuBoundVms > MAX_CPU_BOUND_VMS) {
            problems.add("@CpuBoundVms(" + cpuBoundVms + "): between 0 and " + MAX_CPU_BOUND_VMS);
        }
        return problems;
    }

    /**
     * What the workload programs cannot run once the workload is scaled to a host: too many streams,
     * or a call rate the signaling client cannot place. {@code asked} is the workload before scaling.
     */
    public List<String> programLimitProblems(Workload asked, double scale, String streamsSource, String callsSource) {
        List<String> problems = new ArrayList<>();
        String atScale = scale == 1.0 ? "" : " at the host's stream scale " + decimal(scale);
        if (streams > MAX_STREAMS) {
            problems.add(streamsSource + ": " + asked.streams + " streams are " + streams + atScale
                    + "; the RTP client sends at most " + MAX_STREAMS);
        }
        if (callsPerSecond > 0 && (callsPerSecond < MIN_CALLS_PER_SECOND || callsPerSecond > MAX_CALLS_PER_SECOND)) {
            problems.add(callsSource + ": " + decimal(asked.callsPerSecond) + " calls per second are "
                    + decimal(callsPerSecond) + atScale + "; the signaling client places at least "
                    + decimal(MIN_CALLS_PER_SECOND) + " and at most " + decimal(MAX_CALLS_PER_SECOND));
        }
        return problems;
    }

    private static String decimal(double value) {
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** The guest domains this workload runs (Dom0 is always there on a virtualized host). */
    public List<String> guestDomains() {
        List<String> domains = new ArrayList<>();
        domains.add(Role.MEDIA);
        if (callsPerSecond > 0) {
            domains.add(Role.SIGNALING);
        }
        domains.addAll(Role.CPU_BOUND_VMS.subList(0, cpuBoundVms));
        return domains;
    }

    /**
     * A domain's vCPUs as the paper gave them: Dom0 one per core, the Media VM {@link #mediaVcpus},
     * every other VM one.
     */
    public int vcpus(String domain, int cores) {
        return switch (domain) {
            case Role.DOM0 -> cores;
            case Role.MEDIA -> mediaVcpus;
            default -> 1;
        };
    }

    /** The same load scaled to a host that carries a fraction of the paper's: streams and calls. */
    public Workload scaled(double factor) {
        if (factor == 1.0) {
            return this;
        }
        return new Workload(Math.max(1, (int) Math.round(streams * factor)), seconds, warmupSeconds,
                mediaWorkMicros, mediaVcpus, callsPerSecond * factor, holdSeconds, cpuBoundVms);
    }

    /** The same load with another stream count: a capacity search's step. */
    public Workload withStreams(int count) {
        return new Workload(count, seconds, warmupSeconds, mediaWorkMicros, mediaVcpus, callsPerSecond,
                holdSeconds, cpuBoundVms);
    }

    /** The same load measured for another time: the build-wide {@code -Dtelvirt.seconds} override. */
    public Workload withDuration(int measuredSeconds, int warmup) {
        return new Workload(streams, measuredSeconds, warmup, mediaWorkMicros, mediaVcpus, callsPerSecond,
                holdSeconds, cpuBoundVms);
    }

    /** The same load with another number of CPU-bound VMs: Figure 9's second set of columns. */
    public Workload withCpuBoundVms(int count) {
        return new Workload(streams, seconds, warmupSeconds, mediaWorkMicros, mediaVcpus, callsPerSecond,
                holdSeconds, count);
    }
}
