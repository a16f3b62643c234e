package org.telvirt.verdict;

import static org.telvirt.host.HostCapability.DOM0_CAP_SURVIVABLE;
import static org.telvirt.host.HostCapability.FOUR_CORES;
import static org.telvirt.host.HostCapability.HYPERVISOR;
import static org.telvirt.host.HostCapability.INTERRUPT_COALESCING;
import static org.telvirt.host.HostCapability.SEPARATE_L2_CACHES;
import static org.telvirt.host.HostCapability.VMM_BYPASS;
import static org.telvirt.verdict.Criterion.above;
import static org.telvirt.verdict.Criterion.atLeast;
import static org.telvirt.verdict.Criterion.atMost;
import static org.telvirt.verdict.Criterion.below;
import static org.telvirt.verdict.Criterion.between;
import static org.telvirt.verdict.Statistic.delayRatio;
import static org.telvirt.verdict.Statistic.loss;
import static org.telvirt.verdict.Statistic.lossDifference;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.telvirt.Configuration;
import org.telvirt.Figure;
import org.telvirt.Role;

/**
 * The paper's findings F1-F8 as docs/findings.md fixes them, each declared once: its configurations, its claims with
 * the thresholds and margins of sections 2 and 3, its premises (section 5) and the capabilities it needs (section 4).
 * A number here changes only with a row under that page's "Changes".
 */
public final class PaperFindings {
    /** "Unacceptable" loss (section 2): the paper's own smallest loss that matters, in percent. */
    public static final double UNACCEPTABLE_LOSS_PERCENT = 1;
    /** "0 %", "nearly zero": U at most a tenth of the unacceptable loss. */
    public static final double NEARLY_ZERO_LOSS_PERCENT = 0.1;
    /** "No positive effect", "marginal", "no worse": a change in loss smaller than the unacceptable loss, in points. */
    public static final double LOSS_MARGIN_POINTS = 1;
    /** "No noticeable change" in delay: a ratio inside (0.80, 1.25), log-symmetric around 1. */
    public static final double DELAY_MARGIN_LOW = 0.80;
    public static final double DELAY_MARGIN_HIGH = 1.25;
    /** "Reduce"/"increase" with no size in the paper: a ratio against 1, a difference against 0. */
    public static final double NO_CHANGE_RATIO = 1;
    public static final double NO_CHANGE_POINTS = 0;
    /** The share of a loss the paper reports that a host at scaled load must reach: "as high as 90 %" is 45 %. */
    public static final double SHARE_OF_REPORTED_LOSS = 0.5;
    /** The paper's "cap to 1" (Figure 7): 1 % of a CPU. */
    public static final int PAPER_CAP_PERCENT = 1;

    private static final List<String> DOM0 = List.of(Role.DOM0);
    private static final List<String> EVERY_DOMAIN = List.of();

    /** Weights (Figure 6): Dom0 = Media = 8192 (2.3) cut the delay box and the loss against D. */
    public static final Finding F1 = weights();
    /** Caps (Figure 7): capping Dom0 or the Media VM loses heavily, capping the CPU-bound VMs nearly nothing. */
    public static final Finding F2 = caps();
    /** Pinning (Figure 8): Dom0 on one core loses heavily, floating Dom0 is no worse than pinned. */
    public static final Finding F3 = pinning();
    /** L2 cache affinity (Figure 9): sharing an L2 brings no noticeable delay improvement, nor change without CPU VMs. */
    public static final Finding F4 = cacheAffinity();
    /** Interrupt coalescing (Figure 10): the median delay rises, the loss changes marginally at most. */
    public static final Finding F5 = coalescing();
    /** Turnkey on four cores (Figure 11): every load from 120 to 720 streams loses nearly nothing. */
    public static final Finding F6 = turnkeyFourCores();
    /** Turnkey on two cores (Figure 12): D loses heavily, pinning apart loses more, weights do not help. */
    public static final Finding F7 = turnkeyTwoCores();
    /** VMM bypass on two cores (Figure 13): bypass cuts loss and delay, bypass with weights loses nearly nothing. */
    public static final Finding F8 = vmmBypass();

    public static final List<Finding> ALL = List.of(F1, F2, F3, F4, F5, F6, F7, F8);

    private PaperFindings() {
    }

    private static Finding weights() {
        Figure figure = Figure.WEIGHTS;
        Configuration defaults = figure.configuration(Configuration.DEFAULTS_ID);
        Configuration weighted = figure.configuration("2.3");
        return new Finding("F1", "higher weights for Dom0 and the Media VM reduce delay and loss", figure, List.of(
                Claim.of("F1.1", delayRatio(50, weighted, defaults), below(NO_CHANGE_RATIO)),
                Claim.of("F1.2", delayRatio(75, weighted, defaults), below(NO_CHANGE_RATIO)),
                Claim.of("F1.3", lossDifference(defaults, weighted), above(NO_CHANGE_POINTS))),
                List.of(Premise.lossAtLeast(defaults, UNACCEPTABLE_LOSS_PERCENT)), Set.of(HYPERVISOR));
    }

    private static Finding caps() {
        Figure figure = Figure.CAPS;
        Configuration cpuVmsCapped = figure.configuration("2.1");
        Configuration dom0Capped = figure.configuration("2.2");
        Configuration mediaCapped = figure.configuration("2.3");
        Configuration oneCpuVmCapped = figure.configuration("2.4");
        double heavyLoss = SHARE_OF_REPORTED_LOSS * 90;
        return new Finding("F2", "capping Dom0 or the Media VM loses heavily, capping CPU-bound VMs nearly nothing",
                figure, List.of(
                Claim.of("F2.1", loss(dom0Capped), atLeast(heavyLoss)).needing(DOM0_CAP_SURVIVABLE),
                Claim.of("F2.2", loss(mediaCapped), atLeast(heavyLoss)),
                Claim.of("F2.3", loss(cpuVmsCapped), atMost(NEARLY_ZERO_LOSS_PERCENT)),
                Claim.of("F2.4", loss(oneCpuVmCapped), atMost(NEARLY_ZERO_LOSS_PERCENT))),
                List.of(Premise.lossAtLeast(figure.configuration(Configuration.DEFAULTS_ID), UNACCEPTABLE_LOSS_PERCENT),
                        Premise.capsApplied(List.of(cpuVmsCapped, dom0Capped, mediaCapped, oneCpuVmCapped),
                                PAPER_CAP_PERCENT)), Set.of(HYPERVISOR));
    }

    private static Finding pinning() {
        Figure figure = Figure.PINNING;
        Configuration floating = figure.configuration(Configuration.DEFAULTS_ID);
        Configuration oneCore = figure.configuration("2.1");
        return new Finding("F3", "Dom0 pinned to one core loses heavily; floating Dom0 is no worse than pinned", figure,
                List.of(Claim.of("F3.1", lossDifference(oneCore, floating), atLeast(SHARE_OF_REPORTED_LOSS * 45)),
                        Claim.of("F3.2", lossDifference(floating, figure.configuration("2.2")),
                                below(LOSS_MARGIN_POINTS)),
                        Claim.of("F3.3", lossDifference(floating, figure.configuration("2.3")),
                                below(LOSS_MARGIN_POINTS))),
                List.of(Premise.busyCores(floating, DOM0, Premise.Comparison.AT_LEAST, 1.0).reporting(oneCore)),
                Set.of(HYPERVISOR, FOUR_CORES));
    }

    private static Finding cacheAffinity() {
        Figure figure = Figure.CACHE_AFFINITY;
        List<Configuration> compared = Finding.columns(figure, "1.1", "1.3", "2.1", "2.3");
        List<Claim> claims = new ArrayList<>();
        int claim = 1;
        for (int percentile : new int[] {50, 75}) {
            claims.add(Claim.of("F4." + claim++, delayRatio(percentile, compared.get(0), compared.get(1)),
                    above(DELAY_MARGIN_LOW)));
        }
        for (int percentile : new int[] {50, 75}) {
            claims.add(Claim.of("F4." + claim++, delayRatio(percentile, compared.get(2), compared.get(3)),
                    between(DELAY_MARGIN_LOW, DELAY_MARGIN_HIGH)));
        }
        return new Finding("F4", "sharing an L2 cache brings no noticeable delay improvement", figure, claims,
                List.of(Premise.busyCoresReported(compared, List.of(Role.DOM0, Role.MEDIA))),
                Set.of(HYPERVISOR, SEPARATE_L2_CACHES));
    }

    private static Finding coalescing() {
        Figure figure = Figure.COALESCING;
        Configuration perPacket = figure.configuration(Configuration.DEFAULTS_ID);
        List<Claim> claims = new ArrayList<>();
        List<Configuration> coalesced = Finding.columns(figure, "1", "2");
        for (int i = 0; i < coalesced.size(); i++) {
            claims.add(Claim.of("F5." + (i + 1), delayRatio(50, coalesced.get(i), perPacket), above(NO_CHANGE_RATIO)));
        }
        for (int i = 0; i < coalesced.size(); i++) {
            claims.add(Claim.of("F5." + (i + 3), lossDifference(perPacket, coalesced.get(i)),
                    between(-LOSS_MARGIN_POINTS, LOSS_MARGIN_POINTS)));
        }
        return new Finding("F5", "coalescing raises the median delay and changes loss marginally at most", figure,
                claims, List.of(Premise.lossAtLeast(perPacket, UNACCEPTABLE_LOSS_PERCENT)),
                Set.of(HYPERVISOR, INTERRUPT_COALESCING));
    }

    private static Finding turnkeyFourCores() {
        Figure figure = Figure.TURNKEY_FOUR_CORES;
        List<Configuration> loads = Finding.columns(figure, "120", "240", "360", "480", "600", "720");
        List<Claim> claims = new ArrayList<>();
        for (int i = 0; i < loads.size(); i++) {
            claims.add(Claim.of("F6." + (i + 1), loss(loads.get(i)), atMost(NEARLY_ZERO_LOSS_PERCENT)));
        }
        return new Finding("F6", "four cores carry every turnkey load with nearly no loss (over-provisioned)", figure,
                claims, List.of(Premise.busyCores(loads.get(loads.size() - 1), EVERY_DOMAIN,
                        Premise.Comparison.AT_MOST, 3.6)), Set.of(HYPERVISOR, FOUR_CORES));
    }

    private static Finding turnkeyTwoCores() {
        Figure figure = Figure.TURNKEY_TWO_CORES;
        Configuration defaults = figure.configuration(Configuration.DEFAULTS_ID);
        List<Claim> claims = new ArrayList<>();
        claims.add(Claim.of("F7.1", loss(defaults), atLeast(SHARE_OF_REPORTED_LOSS * 19)));
        claims.add(Claim.of("F7.2", lossDifference(figure.configuration("1.1"), defaults), above(NO_CHANGE_POINTS)));
        List<Configuration> weighted = Finding.columns(figure, "2.1", "2.2", "2.3");
        for (int i = 0; i < weighted.size(); i++) {
            claims.add(Claim.of("F7." + (i + 3), lossDifference(defaults, weighted.get(i)), below(LOSS_MARGIN_POINTS)));
        }
        return new Finding("F7", "two cores lose heavily at 720 streams; pinning apart is worse, weights do not help",
                figure, claims, List.of(twoCoresNotEnough(defaults)), Set.of(HYPERVISOR));
    }

    private static Finding vmmBypass() {
        Figure figure = Figure.VMM_BYPASS;
        Configuration defaults = figure.configuration(Configuration.DEFAULTS_ID);
        Configuration bypass = figure.configuration("1.1");
        List<Claim> claims = new ArrayList<>();
        claims.add(Claim.of("F8.1", lossDifference(defaults, bypass), above(LOSS_MARGIN_POINTS)));
        claims.add(Claim.of("F8.2", delayRatio(50, bypass, defaults), below(NO_CHANGE_RATIO)));
        claims.add(Claim.of("F8.3", delayRatio(75, bypass, defaults), below(NO_CHANGE_RATIO)));
        List<Configuration> weighted = Finding.columns(figure, "2.1", "2.2", "2.3");
        for (int i = 0; i < weighted.size(); i++) {
            claims.add(Claim.of("F8." + (i + 4), loss(weighted.get(i)), atMost(NEARLY_ZERO_LOSS_PERCENT)));
        }
        return new Finding("F8", "VMM bypass cuts loss and delay on two cores; with weights, nearly no loss", figure,
                claims, List.of(twoCoresNotEnough(defaults)), Set.of(HYPERVISOR, VMM_BYPASS));
    }

    /**
     * F7's and F8's regime: at Figure 11's 720 streams on four cores, where demand is not held back, the domains keep
     * more than two cores busy ("two cores were not enough"); {@code twoCoreDefaults}' busy cores reported beside.
     */
    private static Premise twoCoresNotEnough(Configuration twoCoreDefaults) {
        return Premise.busyCores(Figure.TURNKEY_FOUR_CORES.configuration("720"), EVERY_DOMAIN,
                Premise.Comparison.ABOVE, 2.0).reporting(twoCoreDefaults).needing(FOUR_CORES);
    }
}
