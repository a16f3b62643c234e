package org.telvirt.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.CategoryTextAnnotation;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.BoxAndWhiskerItem;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.telvirt.workloads.io.AtomicFiles;
import org.telvirt.quality.EModel;

/**
 * A figure's delay boxplot, drawn like the paper's Figures 6-13: one box per configuration in the
 * given order, delay in milliseconds, and the packet loss printed under each box.
 *
 * <p>How to read it is printed on the chart itself ({@link #READING_THE_GRAPH}), since the paper's
 * own Figure 4 legend is lost: box = p25..p75, line = median, whiskers = p1 and p99, circle = max.
 *
 * <p>The delay axis is logarithmic when the plotted values span a decade or more (the largest max
 * at least {@value #LOG_SCALE_SPAN} times the smallest p1), otherwise linear from zero: on a linear
 * axis one slow max marker, or a starved configuration at 100 ms next to a native one at 0.1 ms,
 * squeezes every other box into a line at the bottom. A log
 * axis runs from the decade below the smallest p1 to the decade above the largest max. The axis
 * label says which scale was used.
 *
 * <p>Under the loss goes the run's MOS where it was measured, and a subtitle says how the MOS was
 * derived ({@link EModel#ASSUMPTIONS}): a MOS without its assumptions cannot be compared.
 *
 * <p>A configuration without delay samples keeps its place: no box, "no data" (run failed to
 * measure) or its loss (nothing came back) under it, and a note in the plot area.
 *
 * <p>Given a baseline ({@link BaselineBoxes}), each configuration gets the baseline's box to the left of this run's,
 * before and after, a legend naming the baseline, and the baseline's loss under this run's ("not in baseline" where it
 * has no run of the configuration).
 */
public final class DelayBoxplot {
    public static final String READING_THE_GRAPH =
            "box: p25 to p75   line: median   whiskers: p1 and p99   circle: max   under each box: packets lost, MOS";
    public static final double LOG_SCALE_SPAN = 10.0;
    static final String SERIES_KEY = "round-trip delay";
    /** This run's series beside a baseline's, whose key is {@value #BASELINE_PREFIX} and its label. */
    static final String CURRENT_SERIES_KEY = "this run";
    static final String BASELINE_PREFIX = "baseline ";
    static final String NOT_IN_BASELINE = "not in baseline";
    static final String NO_DATA_NOTE = "no data";
    static final String ALL_LOST_NOTE = "nothing came back";

    private static final double SMALLEST_PLOTTED_MILLIS = 0.001;
    private static final int HEIGHT_PIXELS = 560;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font UNDER_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Color BOX_COLOR = new Color(0x4F81BD);
    private static final Color BASELINE_BOX_COLOR = new Color(0xB0B0B0);

    private static final BoxAndWhiskerItem EMPTY_BOX =
            new BoxAndWhiskerItem(null, null, null, null, null, null, null, null, List.of());

    private final String figureTitle;
    private final List<DelayRow> rows;
    private final Optional<BaselineBoxes> baseline;
    private final DelaySpan span;
    private final boolean logScale;
    private final JFreeChart chart;

    public DelayBoxplot(String figureTitle, List<DelayRow> rows) {
        this(figureTitle, rows, Optional.empty());
    }

    /** With a baseline's box beside each configuration's that it has. */
    public DelayBoxplot(String figureTitle, List<DelayRow> rows, Optional<BaselineBoxes> baseline) {
        Objects.requireNonNull(figureTitle, "figureTitle");
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(baseline, "baseline");
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("figure '" + figureTitle + "' has no configuration to plot");
        }
        Set<String> ids = new HashSet<>();
        for (DelayRow row : rows) {
            if (!ids.add(row.configurationId())) {
                throw new IllegalArgumentException("figure '" + figureTitle + "' lists configuration '"
                        + row.configurationId() + "' twice; each box needs its own id");
            }
        }
        this.figureTitle = figureTitle;
        this.rows = List.copyOf(rows);
        this.baseline = baseline;
        List<DelayRow> plotted = new ArrayList<>(this.rows);
        baseline.ifPresent(boxes -> plotted.addAll(boxes.rows().values()));
        this.span = DelaySpan.of(plotted);
        this.logScale = span.measured() && span.highestMillis() >= LOG_SCALE_SPAN * span.lowestMillis();
        this.chart = draw();
    }

    public String figureTitle() {
        return figureTitle;
    }

    public List<DelayRow> rows() {
        return rows;
    }

    public boolean logScale() {
        return logScale;
    }

    public JFreeChart chart() {
        return chart;
    }

    /** Wide enough that every configuration's label and loss stay readable. */
    public int widthPixels() {
        return Math.max(720, 160 + 64 * rows.size() * (baseline.isPresent() ? 2 : 1));
    }

    public int heightPixels() {
        return HEIGHT_PIXELS;
    }

    public byte[] png() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(bytes, chart, widthPixels(), heightPixels());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the boxplot of '" + figureTitle + "'", e);
        }
        return bytes.toByteArray();
    }

    public void writePng(Path file) throws IOException {
        AtomicFiles.write(file, png());
    }

    private static double plotted(long micros) {
        return Math.max(SMALLEST_PLOTTED_MILLIS, micros / 1000.0);
    }

    private JFreeChart draw() {
        DefaultBoxAndWhiskerCategoryDataset dataset = new DefaultBoxAndWhiskerCategoryDataset();
        UnderLabelledCategoryAxis configurationAxis =
                new UnderLabelledCategoryAxis("configuration", UNDER_FONT, Color.DARK_GRAY);
        configurationAxis.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        configurationAxis.setMaximumCategoryLabelLines(2);
        boolean uniformStreams = rows.stream().mapToInt(DelayRow::streams).distinct().count() == 1;
        String currentSeries = baseline.isPresent() ? CURRENT_SERIES_KEY : SERIES_KEY;
        for (DelayRow row : rows) {
            Optional<DelayRow> baselineRow = baseline.map(boxes -> boxes.rows().get(row.configurationId()));
            // the baseline's series is added first, so that its box stands left of this run's: before, then after
            baseline.ifPresent(boxes -> dataset.add(baselineRow.map(DelayBoxplot::boxOf).orElse(EMPTY_BOX),
                    BASELINE_PREFIX + boxes.label(), row.configurationId()));
            dataset.add(boxOf(row), currentSeries, row.configurationId());
            List<String> under = new ArrayList<>();
            under.add(ReportFormat.loss(row));
            if (baseline.isPresent()) {
                under.add(baselineRow.map(kept -> BASELINE_PREFIX + ReportFormat.loss(kept)).orElse(NOT_IN_BASELINE));
            }
            if (!Double.isNaN(row.quality().mos())) {
                under.add("MOS " + row.quality().mosText());
            }
            if (!uniformStreams) {
                under.add(row.streams() + " streams");
            }
            configurationAxis.setLinesUnder(row.configurationId(), under);
        }

        BoxAndWhiskerRenderer renderer = new BoxAndWhiskerRenderer();
        renderer.setFillBox(true);
        renderer.setMeanVisible(false);
        renderer.setMedianVisible(true);
        int currentIndex = baseline.isPresent() ? 1 : 0;
        renderer.setSeriesPaint(currentIndex, BOX_COLOR);
        renderer.setSeriesOutlinePaint(currentIndex, Color.BLACK);
        if (baseline.isPresent()) {
            renderer.setSeriesPaint(0, BASELINE_BOX_COLOR);
            renderer.setSeriesOutlinePaint(0, Color.BLACK);
        }
        renderer.setArtifactPaint(Color.BLACK);
        renderer.setWhiskerWidth(0.5);
        renderer.setMaximumBarWidth(0.06);
        renderer.setDefaultStroke(new BasicStroke(1.2f));

        CategoryPlot plot = new CategoryPlot(dataset, configurationAxis, delayAxis(), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinesVisible(true);
        plot.setRangeMinorGridlinesVisible(logScale);
        plot.setRangeMinorGridlinePaint(new Color(0xEEEEEE));
        double noteHeight = noteHeightMillis(plot.getRangeAxis());
        for (DelayRow row : rows) {
            if (row.delay() == null) {
                String note = row.measuredRun() ? ALL_LOST_NOTE : NO_DATA_NOTE;
                CategoryTextAnnotation annotation =
                        new CategoryTextAnnotation(note, row.configurationId(), noteHeight);
                annotation.setRotationAngle(-Math.PI / 2);
                annotation.setRotationAnchor(TextAnchor.CENTER);
                annotation.setTextAnchor(TextAnchor.CENTER);
                annotation.setFont(UNDER_FONT);
                annotation.setPaint(Color.RED.darker());
                plot.addAnnotation(annotation);
            }
        }

        JFreeChart figure = new JFreeChart(figureTitle, TITLE_FONT, plot, baseline.isPresent());
        figure.setBackgroundPaint(Color.WHITE);
        figure.addSubtitle(new TextTitle(READING_THE_GRAPH, LEGEND_FONT));
        if (uniformStreams) {
            figure.addSubtitle(new TextTitle(rows.get(0).streams() + " media streams per configuration",
                    LEGEND_FONT));
        }
        if (rows.stream().anyMatch(row -> !Double.isNaN(row.quality().mos()))) {
            figure.addSubtitle(new TextTitle(EModel.ASSUMPTIONS, LEGEND_FONT));
        }
        return figure;
    }

    private static BoxAndWhiskerItem boxOf(DelayRow row) {
        DelayPercentiles d = row.delay();
        if (d == null) {
            return EMPTY_BOX;
        }
        double p1 = plotted(d.p1Micros());
        double p99 = plotted(d.p99Micros());
        double max = plotted(d.maxMicros());
        List<Double> maxMarker = max > p99 ? List.of(max) : List.of();
        return new BoxAndWhiskerItem(null, plotted(d.p50Micros()), plotted(d.p25Micros()),
                plotted(d.p75Micros()), p1, p99, p1, max, maxMarker);
    }

    /**
     * The range is set from p1 to max explicitly: JFreeChart's automatic range for box-and-whisker
     * data stops at the whiskers and would clip the max markers.
     */
    private ValueAxis delayAxis() {
        if (logScale) {
            LogAxis axis = new LogAxis("round-trip delay (ms, log scale)");
            axis.setSmallestValue(SMALLEST_PLOTTED_MILLIS);
            axis.setTickUnit(new NumberTickUnit(1.0, new DecimalFormat("0.###"), 9), false, true);
            axis.setNumberFormatOverride(new DecimalFormat("0.###"));
            axis.setMinorTickMarksVisible(true);
            axis.setRange(decadeBelow(span.lowestMillis()), decadeAbove(span.highestMillis()));
            return axis;
        }
        NumberAxis axis = new NumberAxis("round-trip delay (ms)");
        axis.setRange(0.0, span.measured() ? span.highestMillis() * 1.05 : 1.0);
        return axis;
    }

    /**
     * Log axes run from decade to decade so that both ends carry a label; the 2 % margin keeps
     * JFreeChart from dropping the tick that would sit exactly on the bound.
     */
    private static double decadeBelow(double millis) {
        return Math.pow(10, Math.floor(Math.log10(millis) - 0.01)) * 0.98;
    }

    private static double decadeAbove(double millis) {
        return Math.pow(10, Math.ceil(Math.log10(millis) + 0.01)) * 1.02;
    }

    /** Where a "no data" note sits: mid-height of what the measured boxes span. */
    private double noteHeightMillis(ValueAxis axis) {
        if (!span.measured()) {
            return axis.getRange().getCentralValue();
        }
        return logScale ? Math.sqrt(span.lowestMillis() * span.highestMillis()) : span.highestMillis() / 2;
    }

    /** The smallest p1 and the largest max over the measured rows, as plotted. */
    private record DelaySpan(double lowestMillis, double highestMillis) {
        static DelaySpan of(List<DelayRow> rows) {
            double lowest = Double.MAX_VALUE;
            double highest = 0;
            for (DelayRow row : rows) {
                if (row.delay() != null) {
                    lowest = Math.min(lowest, plotted(row.delay().p1Micros()));
                    highest = Math.max(highest, plotted(row.delay().maxMicros()));
                }
            }
            return new DelaySpan(lowest, highest);
        }

        boolean measured() {
            return highestMillis > 0;
        }
    }
}
