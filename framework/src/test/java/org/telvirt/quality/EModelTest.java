package org.telvirt.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The E-model against published values: G.107's own (R 93.2 with every default, the Annex B MOS curve), G.113
 * Appendix I's G.711 loss robustness, and the delay impairment as G.107's equations give it for T = Ta, Tr = 2 Ta
 * (the assumptions of ITU-T's online E-model calculator), cross-checked against Cole and Rosenbluth's published fit.
 */
class EModelTest {
    /** G.711 without packet loss concealment, G.113 Appendix I: for the Ie,eff reference values only. */
    private static final double G711_NO_PLC_LOSS_ROBUSTNESS = 4.3;

    @Test
    void everyDefaultGivesG107sRatingOf93Point2() {
        assertThat(EModel.BASIC_SIGNAL_TO_NOISE).as("Ro").isCloseTo(94.77, within(0.005));
        assertThat(EModel.SIMULTANEOUS_IMPAIRMENT).as("Is").isCloseTo(1.41, within(0.005));
        assertThat(EModel.delayImpairment(0)).as("Id: listener echo only").isCloseTo(0.15, within(0.005));
        assertThat(EModel.rFactor(0, 0, 1)).isCloseTo(93.2, within(0.05));
        assertThat(EModel.mos(EModel.rFactor(0, 0, 1))).isCloseTo(4.41, within(0.005));
    }

    /** The Annex B curve at the bounds of G.109's quality categories, and its ends. */
    @ParameterizedTest(name = "R {0} -> MOS {1}")
    @CsvSource({"90, 4.34", "80, 4.02", "70, 3.60", "60, 3.10", "50, 2.58", "0, 1", "-5, 1", "100, 4.5", "120, 4.5"})
    void mosFollowsG107AnnexB(double rFactor, double mos) {
        assertThat(EModel.mos(rFactor)).isCloseTo(mos, within(0.005));
    }

    @ParameterizedTest(name = "Ta {0} ms: Id {1}, Idd {2}")
    @CsvSource({"50, 1.60, 0", "100, 2.69, 0", "150, 3.82, 0.16", "200, 7.55, 3.04", "300, 20.69, 14.76",
        "400, 31.11, 24.07"})
    void delayImpairmentFollowsG107(double mouthToEarMillis, double id, double idd) {
        assertThat(EModel.delayImpairment(mouthToEarMillis)).isCloseTo(id, within(0.005));
        assertThat(EModel.absoluteDelayImpairment(mouthToEarMillis)).isCloseTo(idd, within(0.005));
    }

    /** Cole and Rosenbluth (ACM CCR 2001) fitted {@code 0.024 d + 0.11 (d - 177.3) H(d - 177.3)} to G.107's defaults. */
    @ParameterizedTest(name = "Ta {0} ms")
    @CsvSource({"100", "150", "200", "250", "300", "350"})
    void delayImpairmentAgreesWithThePublishedFit(double mouthToEarMillis) {
        double fit = 0.024 * mouthToEarMillis + 0.11 * Math.max(0, mouthToEarMillis - 177.3);

        assertThat(EModel.delayImpairment(mouthToEarMillis)).isCloseTo(fit, within(1.5));
    }

    @ParameterizedTest(name = "{0} % random loss: Ie,eff {1} with PLC, {2} without")
    @CsvSource({"0, 0, 0", "1, 3.64, 17.92", "2, 7.01, 30.16", "3, 10.14, 39.04", "5, 15.78, 51.08"})
    void g711LossImpairmentFollowsG113AppendixI(double lossPercent, double withConcealment, double without) {
        assertThat(EModel.effectiveEquipmentImpairment(EModel.G711_PLC_LOSS_ROBUSTNESS, lossPercent, 1))
                .isCloseTo(withConcealment, within(0.005));
        assertThat(EModel.effectiveEquipmentImpairment(G711_NO_PLC_LOSS_ROBUSTNESS, lossPercent, 1))
                .isCloseTo(without, within(0.005));
    }

    @Test
    void burstyLossCostsMoreThanRandomLossOfTheSameRate() {
        assertThat(EModel.effectiveEquipmentImpairment(EModel.G711_PLC_LOSS_ROBUSTNESS, 2, 2)).isCloseTo(7.28,
                within(0.005));
        assertThat(EModel.rFactor(0, 2, 2)).isLessThan(EModel.rFactor(0, 2, 1));
    }

    @Test
    void rIsRoLessEveryImpairment() {
        double rFactor = EModel.rFactor(150, 1, 1);

        assertThat(rFactor).isCloseTo(93.2 - 3.82 + 0.15 - 3.64, within(0.02));
        assertThat(EModel.mos(rFactor)).isCloseTo(4.23, within(0.005));
    }

    @ParameterizedTest(name = "{0} sent, {1} lost in {2} bursts: BurstR {3}")
    @CsvSource({"10000, 0, 0, 1", "10000, 100, 100, 1", "10000, 100, 20, 4.95", "10000, 5000, 5000, 1",
        "10000, 10000, 200, 1"})
    void burstRatioIsTheMeanBurstOverTheRandomOne(long sent, long lost, long bursts, double burstRatio) {
        assertThat(EModel.burstRatio(sent, lost, bursts)).isCloseTo(burstRatio, within(1e-9));
    }
}
