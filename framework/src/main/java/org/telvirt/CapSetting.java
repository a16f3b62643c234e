package org.telvirt;

/**
 * A domain's cap: an explicit percent of one physical CPU, or its weighted fair share of the
 * host, which the host resolves to a percent when it applies the tuning.
 */
public record CapSetting(int percent, boolean fairShare) {

    public static CapSetting ofPercent(int percent) {
        return new CapSetting(percent, false);
    }

    public static CapSetting weightedFairShare() {
        return new CapSetting(0, true);
    }

    @Override
    public String toString() {
        return fairShare ? "fair share" : percent + " %";
    }
}
