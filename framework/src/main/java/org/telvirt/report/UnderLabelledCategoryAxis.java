package org.telvirt.report;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.text.TextBlock;
import org.jfree.chart.text.TextLine;
import org.jfree.chart.ui.RectangleEdge;

/**
 * A category axis that prints extra lines under each category's label, the way the paper prints
 * the loss percentage under each box. Unlike JFreeChart's {@code ExtendedCategoryAxis} it keeps the
 * lines readable ({@link #linesUnder}) so that tests check the chart's content, not its pixels.
 */
final class UnderLabelledCategoryAxis extends CategoryAxis {
    private static final long serialVersionUID = 1L;

    private final Map<Comparable<?>, List<String>> linesUnder = new HashMap<>();
    private final Font lineFont;
    private final Paint linePaint;

    UnderLabelledCategoryAxis(String label, Font lineFont, Paint linePaint) {
        super(label);
        this.lineFont = lineFont;
        this.linePaint = linePaint;
    }

    void setLinesUnder(Comparable<?> category, List<String> lines) {
        linesUnder.put(category, List.copyOf(lines));
    }

    List<String> linesUnder(Comparable<?> category) {
        return linesUnder.getOrDefault(category, List.of());
    }

    @Override
    @SuppressWarnings("rawtypes")
    protected TextBlock createLabel(Comparable category, float width, RectangleEdge edge, Graphics2D g2) {
        TextBlock label = super.createLabel(category, width, edge, g2);
        for (String line : linesUnder(category)) {
            label.addLine(new TextLine(line, lineFont, linePaint));
        }
        return label;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UnderLabelledCategoryAxis that
                && super.equals(other)
                && linesUnder.equals(that.linesUnder);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + linesUnder.hashCode();
    }
}
