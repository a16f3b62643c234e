package org.telvirt.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.imageio.ImageIO;

import org.HdrHistogram.Histogram;
import org.jfree.chart.annotations.CategoryTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.statistics.BoxAndWhiskerCategoryDataset;
import org.junit.jupiter.api.Test;
import org.telvirt.MediaRun;
import org.telvirt.quality.EModel;

class DelayBoxplotTest {
    private static final List<DelayRow> CAPS = List.of(
            SyntheticDelays.row("N", 800, 0.0, 1, 150, 0.4),
            SyntheticDelays.row("D", 800, 0.3, 2, 350, 1.2),
            SyntheticDelays.row("2.1", 800, 0.0, 3, 300, 0.9),
            SyntheticDelays.row("2.2", 800, 45.3, 4, 55_000, 0.5),
            DelayRow.noData("2.3", 800, "media domain did not start"),
            DelayRow.measured("2.4", 800, 40_000, 100.0, new Histogram(3)));
    /** Within a decade from the lowest p1 to the highest max. */
    private static final List<DelayRow> NARROW = List.of(
            SyntheticDelays.row("N", 100, 0.0, 8, 200, 0.1),
            SyntheticDelays.row("D", 100, 0.0, 9, 250, 0.15));

    @Test
    void drawsOneBoxPerConfigurationInTheGivenOrder() {
        BoxAndWhiskerCategoryDataset dataset = dataset(new DelayBoxplot("Figure 7: caps", CAPS));

        assertThat(dataset.getRowCount()).isEqualTo(1);
        assertThat(columnKeys(dataset)).containsExactly("N", "D", "2.1", "2.2", "2.3", "2.4");
    }

    @Test
    void boxIsQuartilesWhiskersArePercentile1And99AndTheMaxIsMarked() {
        DelayRow d = CAPS.get(1);
        DelayPercentiles p = d.delay();
        BoxAndWhiskerCategoryDataset dataset = dataset(new DelayBoxplot("Figure 7: caps", CAPS));

        assertThat(dataset.getQ1Value(0, 1).doubleValue()).isEqualTo(p.p25Micros() / 1000.0);
        assertThat(dataset.getMedianValue(0, 1).doubleValue()).isEqualTo(p.p50Micros() / 1000.0);
        assertThat(dataset.getQ3Value(0, 1).doubleValue()).isEqualTo(p.p75Micros() / 1000.0);
        assertThat(dataset.getMinRegularValue(0, 1).doubleValue()).isEqualTo(p.p1Micros() / 1000.0);
        assertThat(dataset.getMaxRegularValue(0, 1).doubleValue()).isEqualTo(p.p99Micros() / 1000.0);
        List<?> outliers = dataset.getOutliers(0, 1);
        assertThat(outliers.stream().map(Number.class::cast).map(Number::doubleValue))
                .containsExactly(p.maxMicros() / 1000.0);
        assertThat(dataset.getMeanValue(0, 1)).as("no mean: the paper's boxes show percentiles only").isNull();
    }

    @Test
    void printsTheLossUnderEachBoxAndKeepsRowsWithoutData() {
        DelayBoxplot boxplot = new DelayBoxplot("Figure 7: caps", CAPS);
        UnderLabelledCategoryAxis axis = (UnderLabelledCategoryAxis) plot(boxplot).getDomainAxis();

        assertThat(axis.linesUnder("N")).containsExactly("0 %");
        assertThat(axis.linesUnder("D")).containsExactly("0.30 %");
        assertThat(axis.linesUnder("2.2")).containsExactly("45.30 %");
        assertThat(axis.linesUnder("2.3")).containsExactly("no data");
        assertThat(axis.linesUnder("2.4")).containsExactly("100.00 %");
        assertThat(dataset(boxplot).getMedianValue(0, 4)).isNull();
        assertThat(notes(plot(boxplot))).containsExactly("2.3: no data", "2.4: nothing came back");
    }

    @Test
    void printsTheMosUnderTheLossAndHowItWasDerivedOnTheChart() {
        DelayRow measured = SyntheticDelays.row("D", 800, 0.3, 2, 350, 1.2)
                .withQuality(new CallQuality(4.4093, 0.5, 2, Double.NaN, Double.NaN));
        DelayBoxplot withMos = new DelayBoxplot("Figure 7: caps", List.of(measured, DelayRow.noData("2.3", 800, "down")));
        UnderLabelledCategoryAxis axis = (UnderLabelledCategoryAxis) plot(withMos).getDomainAxis();

        assertThat(axis.linesUnder("D")).containsExactly("0.30 %", "MOS 4.41");
        assertThat(axis.linesUnder("2.3")).containsExactly("no data");
        assertThat(subtitles(withMos)).contains(EModel.ASSUMPTIONS);
        assertThat(subtitles(new DelayBoxplot("Figure 7: caps", CAPS))).as("no MOS, nothing to explain")
                .doesNotContain(EModel.ASSUMPTIONS);
    }

    @Test
    void showsATinyLossInsteadOfRoundingItToZero() {
        DelayRow oneLost = DelayRow.measured("D", 800, 800_000, 100.0 / 800_000,
                SyntheticDelays.histogram(5, 300, 0.5, 1000));
        UnderLabelledCategoryAxis axis =
                (UnderLabelledCategoryAxis) plot(new DelayBoxplot("one packet lost", List.of(oneLost))).getDomainAxis();

        assertThat(axis.linesUnder("D")).containsExactly("<0.01 %");
    }

    @Test
    void statesHowToReadItAndTheStreamCountOnTheChart() {
        DelayBoxplot boxplot = new DelayBoxplot("Figure 7: caps", CAPS);

        assertThat(subtitles(boxplot)).contains(DelayBoxplot.READING_THE_GRAPH, "800 media streams per configuration");
        assertThat(DelayBoxplot.READING_THE_GRAPH)
                .contains("p25 to p75", "median", "whiskers: p1 and p99", "max", "packets lost");
    }

    @Test
    void putsTheStreamCountUnderEachBoxWhenItVaries() {
        List<DelayRow> turnkey = List.of(
                SyntheticDelays.row("120", 120, 0.0, 6, 200, 0.3),
                SyntheticDelays.row("720", 720, 0.0, 7, 400, 0.6));
        DelayBoxplot boxplot = new DelayBoxplot("Figure 11", turnkey);
        UnderLabelledCategoryAxis axis = (UnderLabelledCategoryAxis) plot(boxplot).getDomainAxis();

        assertThat(axis.linesUnder("720")).containsExactly("0 %", "720 streams");
        assertThat(subtitles(boxplot)).doesNotContain("120 media streams per configuration");
    }

    @Test
    void usesALogAxisWhenDelaysSpanDecadesAndALinearOneOtherwise() {
        DelayBoxplot wide = new DelayBoxplot("wide", CAPS);
        DelayBoxplot narrow = new DelayBoxplot("narrow", NARROW);

        assertThat(wide.logScale()).isTrue();
        assertThat(plot(wide).getRangeAxis()).isInstanceOf(LogAxis.class);
        assertThat(plot(wide).getRangeAxis().getLabel()).contains("ms", "log scale");
        double lower = plot(wide).getRangeAxis().getLowerBound() / 0.98;
        double upper = plot(wide).getRangeAxis().getUpperBound() / 1.02;
        assertThat(Math.log10(lower)).as("log axis starts on a decade").isCloseTo(Math.rint(Math.log10(lower)), within(1e-9));
        assertThat(Math.log10(upper)).as("log axis ends on a decade").isCloseTo(Math.rint(Math.log10(upper)), within(1e-9));
        assertThat(narrow.logScale()).isFalse();
        assertThat(plot(narrow).getRangeAxis()).isInstanceOf(NumberAxis.class);
        assertThat(plot(narrow).getRangeAxis().getLabel()).isEqualTo("round-trip delay (ms)");
    }

    @Test
    void theDelayAxisReachesEveryMaxMarkerOnBothScales() {
        DelayBoxplot wide = new DelayBoxplot("wide", CAPS);
        DelayBoxplot narrow = new DelayBoxplot("narrow", NARROW);

        for (DelayBoxplot boxplot : List.of(wide, narrow)) {
            for (DelayRow row : boxplot.rows()) {
                if (row.delay() != null) {
                    assertThat(plot(boxplot).getRangeAxis().getRange().contains(row.delay().maxMicros() / 1000.0))
                            .as("%s max of %s", boxplot.figureTitle(), row.configurationId()).isTrue();
                    assertThat(plot(boxplot).getRangeAxis().getRange().contains(row.delay().p1Micros() / 1000.0))
                            .as("%s p1 of %s", boxplot.figureTitle(), row.configurationId()).isTrue();
                }
            }
        }
    }

    @Test
    void drawsTheBaselinesBoxLeftOfEachConfigurationsAndNamesItInTheLegend() throws IOException {
        DelayRow baselineD = SyntheticDelays.row("D", 800, 0.1, 12, 175, 1.2);
        BaselineBoxes baseline = new BaselineBoxes("v1.4", Map.of("D", baselineD));
        DelayBoxplot boxplot = new DelayBoxplot("Figure 7: caps", CAPS, Optional.of(baseline));
        BoxAndWhiskerCategoryDataset dataset = dataset(boxplot);
        UnderLabelledCategoryAxis axis = (UnderLabelledCategoryAxis) plot(boxplot).getDomainAxis();

        assertThat(dataset.getRowKeys()).containsExactly("baseline v1.4", "this run");
        assertThat(dataset.getMedianValue("baseline v1.4", "D").doubleValue())
                .isEqualTo(baselineD.delay().p50Micros() / 1000.0);
        assertThat(dataset.getMedianValue("this run", "D").doubleValue())
                .isEqualTo(CAPS.get(1).delay().p50Micros() / 1000.0);
        assertThat(dataset.getMedianValue("baseline v1.4", "N")).as("the baseline has no N").isNull();
        assertThat(axis.linesUnder("D")).containsExactly("0.30 %", "baseline 0.10 %");
        assertThat(axis.linesUnder("N")).containsExactly("0 %", "not in baseline");
        assertThat(boxplot.chart().getLegend()).isNotNull();
        assertThat(new DelayBoxplot("Figure 7: caps", CAPS).chart().getLegend()).as("one series, no legend").isNull();
        assertThat(boxplot.widthPixels()).isGreaterThan(new DelayBoxplot("Figure 7: caps", CAPS).widthPixels());
        assertThat(ImageIO.read(new ByteArrayInputStream(boxplot.png()))).isNotNull();
    }

    @Test
    void theBaselinesBoxesWidenTheDelayAxisToTheirMax() {
        DelayRow slowBaseline = SyntheticDelays.row("N", 100, 0.0, 13, 20_000, 0.1);
        DelayBoxplot boxplot = new DelayBoxplot("narrow", NARROW,
                Optional.of(new BaselineBoxes("v1.4", Map.of("N", slowBaseline))));

        assertThat(plot(boxplot).getRangeAxis().getRange().contains(slowBaseline.delay().maxMicros() / 1000.0)).isTrue();
        assertThat(boxplot.logScale()).isTrue();
    }

    @Test
    void drawsAFigureInWhichNothingWasMeasured() throws IOException {
        DelayBoxplot boxplot = new DelayBoxplot("all failed",
                List.of(DelayRow.noData("D", 800, "host unreachable"), DelayRow.noData("2.1", 800, "host unreachable")));

        assertThat(columnKeys(dataset(boxplot))).containsExactly("D", "2.1");
        assertThat(notes(plot(boxplot))).containsExactly("D: no data", "2.1: no data");
        assertThat(ImageIO.read(new ByteArrayInputStream(boxplot.png()))).isNotNull();
    }

    @Test
    void rendersAPngOfTheAnnouncedSize() throws IOException {
        DelayBoxplot boxplot = new DelayBoxplot("Figure 7: caps", CAPS);

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(boxplot.png()));

        assertThat(image.getWidth()).isEqualTo(boxplot.widthPixels());
        assertThat(image.getHeight()).isEqualTo(boxplot.heightPixels());
    }

    @Test
    void rejectsAnEmptyFigureAndDuplicateIds() {
        assertThatThrownBy(() -> new DelayBoxplot("Figure 6", List.of()))
                .hasMessageContaining("Figure 6").hasMessageContaining("no configuration");
        assertThatThrownBy(() -> new DelayBoxplot("Figure 6", List.of(CAPS.get(0), CAPS.get(0))))
                .hasMessageContaining("'N' twice");
    }

    private static CategoryPlot plot(DelayBoxplot boxplot) {
        return boxplot.chart().getCategoryPlot();
    }

    private static BoxAndWhiskerCategoryDataset dataset(DelayBoxplot boxplot) {
        return (BoxAndWhiskerCategoryDataset) plot(boxplot).getDataset();
    }

    private static List<String> columnKeys(BoxAndWhiskerCategoryDataset dataset) {
        List<?> keys = dataset.getColumnKeys();
        return keys.stream().map(String.class::cast).toList();
    }

    private static List<String> subtitles(DelayBoxplot boxplot) {
        return boxplot.chart().getSubtitles().stream()
                .filter(TextTitle.class::isInstance)
                .map(title -> ((TextTitle) title).getText())
                .toList();
    }

    private static List<String> notes(CategoryPlot plot) {
        List<?> annotations = plot.getAnnotations();
        return annotations.stream()
                .filter(CategoryTextAnnotation.class::isInstance)
                .map(CategoryTextAnnotation.class::cast)
                .map(note -> note.getCategory() + ": " + note.getText())
                .toList();
    }
}
