package org.telvirt.report;

/**
 * A run's telephony figures as the reports show them beside its delay: what a telephony QA engineer reads
 * first. NaN where the run could not measure one (no per-stream results, no calls placed).
 */
public record CallQuality(double mos, double worstStreamLossPercent, double longestLossBurstPackets,
                          double p99CallSetupMillis, double failedCalls) {
    /** A row without a measured run, or from a source that knows only delay and loss. */
    public static final CallQuality UNMEASURED = new CallQuality(Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN);

    /** {@code 4.41}, or {@code -}. */
    String mosText() {
        return ReportFormat.mos(mos);
    }

    String worstStreamLossText() {
        return Double.isNaN(worstStreamLossPercent) ? ReportFormat.NOT_MEASURED : ReportFormat.loss(worstStreamLossPercent);
    }

    String longestLossBurstText() {
        return count(longestLossBurstPackets);
    }

    String p99CallSetupText() {
        return Double.isNaN(p99CallSetupMillis) ? ReportFormat.NOT_MEASURED
                : ReportFormat.decimal(p99CallSetupMillis) + " ms";
    }

    String failedCallsText() {
        return count(failedCalls);
    }

    private static String count(double value) {
        return Double.isNaN(value) ? ReportFormat.NOT_MEASURED : Long.toString(Math.round(value));
    }
}
