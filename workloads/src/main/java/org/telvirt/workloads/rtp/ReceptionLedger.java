package org.telvirt.workloads.rtp;

import java.util.Arrays;

/**
 * Per-stream reception accounting: first arrivals, duplicates, reordering and the RFC 3550 jitter
 * estimate. Duplicates are recognised in a sliding window of the last {@value #WINDOW_PACKETS}
 * packets per stream (20.48 s at 50 pps); a packet older than that is counted as arriving too late,
 * that is lost, as any jitter buffer would drop it. Each stream must be updated by one thread only;
 * nothing here allocates.
 *
 * <p>Loss bursts (runs of consecutive lost packets) are counted as packets settle: a packet's fate is
 * final once it leaves the window, or at {@link #settle} when the stream has sent its last packet.
 * Counting them as packets arrive would miscount every burst that a reordered packet later splits.
 */
public final class ReceptionLedger {
    public static final int WINDOW_PACKETS = 1024;
    private static final int WORDS_PER_STREAM = WINDOW_PACKETS / 64;

    /** Outcomes of {@link #accept}. */
    public static final int IN_ORDER = 0;
    public static final int REORDERED = 1;
    public static final int DUPLICATE = 2;
    public static final int TOO_LATE = 3;

    private final int streams;
    private final long[] highestIndex;
    private final long[] window;
    private final long[] unique;
    private final long[] duplicates;
    private final long[] reordered;
    private final long[] tooLate;
    private final long[] previousTransitNanos;
    private final boolean[] hasTransit;
    private final double[] jitterNanos;
    private final double[] jitterSumNanos;
    private final double[] jitterMaxNanos;
    private final long[] jitterSamples;
    /** The first packet of each stream whose fate is not yet settled. */
    private final long[] unsettledFrom;
    private final long[] openLossBurst;
    private final long[] lossBursts;
    private final long[] longestLossBurst;

    public ReceptionLedger(int streams) {
        this.streams = streams;
        highestIndex = new long[streams];
        Arrays.fill(highestIndex, -1);
        window = new long[streams * WORDS_PER_STREAM];
        unique = new long[streams];
        duplicates = new long[streams];
        reordered = new long[streams];
        tooLate = new long[streams];
        previousTransitNanos = new long[streams];
        hasTransit = new boolean[streams];
        jitterNanos = new double[streams];
        jitterSumNanos = new double[streams];
        jitterMaxNanos = new double[streams];
        jitterSamples = new long[streams];
        unsettledFrom = new long[streams];
        openLossBurst = new long[streams];
        lossBursts = new long[streams];
        longestLossBurst = new long[streams];
    }

    /**
     * Starts the stream's loss accounting at packet {@code firstIndex} (0 unless told): the packets before it, a
     * warm-up say, are none of the ledger's business and would otherwise count as one long loss burst.
     */
    public void startAt(int stream, long firstIndex) {
        unsettledFrom[stream] = firstIndex;
    }

    public int streams() {
        return streams;
    }

    /** Books the arrival of packet {@code index} of {@code stream} and says what it was. */
    public int accept(int stream, long index) {
        long highest = highestIndex[stream];
        if (index > highest) {
            settleBelow(stream, index - WINDOW_PACKETS + 1);
            clearWindow(stream, highest, index);
            markSeen(stream, index);
            highestIndex[stream] = index;
            unique[stream]++;
            return IN_ORDER;
        }
        if (highest - index >= WINDOW_PACKETS) {
            tooLate[stream]++;
            return TOO_LATE;
        }
        if (seen(stream, index)) {
            duplicates[stream]++;
            return DUPLICATE;
        }
        markSeen(stream, index);
        unique[stream]++;
        reordered[stream]++;
        return REORDERED;
    }

    /** Updates the stream's jitter with one arrival's transit time (arrival minus media time). */
    public void recordTransit(int stream, long transitNanos) {
        if (hasTransit[stream]) {
            double jitter = InterarrivalJitter.next(jitterNanos[stream], previousTransitNanos[stream], transitNanos);
            jitterNanos[stream] = jitter;
            jitterSumNanos[stream] += jitter;
            jitterSamples[stream]++;
            if (jitter > jitterMaxNanos[stream]) {
                jitterMaxNanos[stream] = jitter;
            }
        }
        hasTransit[stream] = true;
        previousTransitNanos[stream] = transitNanos;
    }

    /**
     * Settles every packet of the stream below {@code endIndex}, the first packet it did not send, and closes its last
     * loss burst: called once the stream's packets are all in or given up.
     */
    public void settle(int stream, long endIndex) {
        settleBelow(stream, endIndex);
        closeLossBurst(stream);
    }

    /** Books the fate of the unsettled packets below {@code endIndex}: lost unless the window saw them. */
    private void settleBelow(int stream, long endIndex) {
        long from = unsettledFrom[stream];
        if (endIndex <= from) {
            return;
        }
        long highest = highestIndex[stream];
        for (long index = from; index < endIndex && index <= highest; index++) {
            if (seen(stream, index)) {
                closeLossBurst(stream);
            } else {
                openLossBurst[stream]++;
            }
        }
        long neverArrived = endIndex - Math.max(from, highest + 1);
        if (neverArrived > 0) {
            openLossBurst[stream] += neverArrived;
        }
        unsettledFrom[stream] = endIndex;
    }

    private void closeLossBurst(int stream) {
        long burst = openLossBurst[stream];
        if (burst > 0) {
            lossBursts[stream]++;
            longestLossBurst[stream] = Math.max(longestLossBurst[stream], burst);
            openLossBurst[stream] = 0;
        }
    }

    private void clearWindow(int stream, long highest, long index) {
        int base = stream * WORDS_PER_STREAM;
        if (index - highest >= WINDOW_PACKETS) {
            Arrays.fill(window, base, base + WORDS_PER_STREAM, 0L);
            return;
        }
        for (long i = highest + 1; i < index; i++) {
            window[base + wordOf(i)] &= ~bitOf(i);
        }
    }

    private boolean seen(int stream, long index) {
        return (window[stream * WORDS_PER_STREAM + wordOf(index)] & bitOf(index)) != 0;
    }

    private void markSeen(int stream, long index) {
        window[stream * WORDS_PER_STREAM + wordOf(index)] |= bitOf(index);
    }

    private static int wordOf(long index) {
        return (int) ((index >>> 6) & (WORDS_PER_STREAM - 1));
    }

    private static long bitOf(long index) {
        return 1L << (index & 63);
    }

    public long unique(int stream) {
        return unique[stream];
    }

    public long duplicates(int stream) {
        return duplicates[stream];
    }

    public long reordered(int stream) {
        return reordered[stream];
    }

    public long tooLate(int stream) {
        return tooLate[stream];
    }

    /** The current RFC 3550 estimate, in nanoseconds. */
    public double jitterNanos(int stream) {
        return jitterNanos[stream];
    }

    /** The estimate averaged over the run (as tshark's "Mean Jitter"), in nanoseconds; 0 before two arrivals. */
    public double meanJitterNanos(int stream) {
        return jitterSamples[stream] == 0 ? 0 : jitterSumNanos[stream] / jitterSamples[stream];
    }

    /** The largest estimate seen (as tshark's "Max Jitter"), in nanoseconds. */
    public double maxJitterNanos(int stream) {
        return jitterMaxNanos[stream];
    }

    /** Runs of consecutive lost packets among the settled ones. */
    public long lossBursts(int stream) {
        return lossBursts[stream];
    }

    /** The longest run of consecutive lost packets among the settled ones. */
    public long longestLossBurst(int stream) {
        return longestLossBurst[stream];
    }

    public boolean hasJitter(int stream) {
        return jitterSamples[stream] > 0;
    }
}
