package io.streamrec.jobs.evaluation.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An SVG grouped bar chart: one group of bars per category, one bar per series, with the value
 * above each bar, an optional note under each category (such as a count) and a legend.
 */
final class BarChart {

    private static final int WIDTH = 560;
    private static final int HEIGHT = 300;
    private static final int LEFT = 58;
    private static final int RIGHT = 16;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private final String yLabel;
    private final String valueFormat;
    private final List<String> categories = new ArrayList<>();
    private final List<String> categoryNotes = new ArrayList<>();
    private final List<String> seriesNames = new ArrayList<>();
    private final List<double[]> values = new ArrayList<>();

    /**
     * Creates an empty chart.
     *
     * @param yLabel label of the value axis
     * @param valueFormat {@link String#format} pattern of the labels above the bars, such as {@code %.3f}
     */
    BarChart(String yLabel, String valueFormat) {
        this.yLabel = yLabel;
        this.valueFormat = valueFormat;
    }

    /** Adds a category with a note printed under its name (may be empty). */
    BarChart category(String name, String note) {
        categories.add(name);
        categoryNotes.add(note);
        return this;
    }

    /**
     * Adds a series with one value per category, in category order; NaN draws no bar.
     *
     * @throws IllegalArgumentException if the number of values differs from the number of categories
     */
    BarChart series(String name, double[] seriesValues) {
        if (seriesValues.length != categories.size()) {
            throw new IllegalArgumentException("Series " + name + " has " + seriesValues.length
                    + " values for " + categories.size() + " categories.");
        }
        seriesNames.add(name);
        values.add(seriesValues.clone());
        return this;
    }

    /** Returns the chart as an inline {@code <svg>} element. */
    String toSvg() {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" class=\"chart\" ").append(Svg.FONT).append(" font-size=\"11\">");
        if (categories.isEmpty() || seriesNames.isEmpty()) {
            svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT / 2)
                    .append("\" text-anchor=\"middle\" fill=\"#888\">no data</text></svg>");
            return svg.toString();
        }

        double max = 0;
        for (double[] row : values) {
            for (double v : row) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        double step = Svg.niceStep(max, 5);
        double top = Math.max(step, Math.ceil(max * 1.08 / step) * step);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;

        for (double v = 0; v <= top + step / 2; v += step) {
            double y = TOP + plotHeight - v / top * plotHeight;
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                    .append("\" y1=\"").append(Svg.coordinate(y)).append("\" y2=\"").append(Svg.coordinate(y))
                    .append("\" stroke=\"").append(Svg.GRID_COLOUR).append("\"/>");
            svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(Svg.coordinate(y + 4))
                    .append("\" text-anchor=\"end\" fill=\"").append(Svg.AXIS_COLOUR).append("\">")
                    .append(Svg.tickLabel(v, step)).append("</text>");
        }

        double groupWidth = plotWidth / categories.size();
        double barWidth = Math.min(36, groupWidth * 0.8 / seriesNames.size());
        double barsWidth = barWidth * seriesNames.size();
        boolean labelsFit = barWidth >= 22;
        for (int c = 0; c < categories.size(); c++) {
            double groupLeft = LEFT + c * groupWidth + (groupWidth - barsWidth) / 2;
            for (int s = 0; s < seriesNames.size(); s++) {
                double v = values.get(s)[c];
                if (Double.isNaN(v)) {
                    continue;
                }
                double h = v / top * plotHeight;
                double x = groupLeft + s * barWidth;
                double y = TOP + plotHeight - h;
                svg.append("<rect x=\"").append(Svg.coordinate(x + 1)).append("\" y=\"").append(Svg.coordinate(y))
                        .append("\" width=\"").append(Svg.coordinate(barWidth - 2)).append("\" height=\"")
                        .append(Svg.coordinate(h)).append("\" fill=\"").append(Svg.colour(s)).append("\">")
                        .append("<title>").append(Svg.escape(seriesNames.get(s) + ", " + categories.get(c) + ": "
                                + String.format(Locale.ROOT, valueFormat, v))).append("</title></rect>");
                if (labelsFit) {
                    svg.append("<text x=\"").append(Svg.coordinate(x + barWidth / 2)).append("\" y=\"")
                            .append(Svg.coordinate(y - 3)).append("\" text-anchor=\"middle\" font-size=\"9\" fill=\"#222\">")
                            .append(String.format(Locale.ROOT, valueFormat, v)).append("</text>");
                }
            }
            double centre = LEFT + c * groupWidth + groupWidth / 2;
            svg.append("<text x=\"").append(Svg.coordinate(centre)).append("\" y=\"").append(Svg.coordinate(TOP + plotHeight + 15))
                    .append("\" text-anchor=\"middle\" fill=\"").append(Svg.AXIS_COLOUR).append("\">")
                    .append(Svg.escape(categories.get(c))).append("</text>");
            if (!categoryNotes.get(c).isEmpty()) {
                svg.append("<text x=\"").append(Svg.coordinate(centre)).append("\" y=\"").append(Svg.coordinate(TOP + plotHeight + 28))
                        .append("\" text-anchor=\"middle\" font-size=\"9\" fill=\"#777\">")
                        .append(Svg.escape(categoryNotes.get(c))).append("</text>");
            }
        }

        svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT).append("\" y1=\"").append(TOP)
                .append("\" y2=\"").append(TOP + plotHeight).append("\" stroke=\"").append(Svg.AXIS_COLOUR).append("\"/>");
        svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(TOP + plotHeight)
                .append("\" y2=\"").append(TOP + plotHeight).append("\" stroke=\"").append(Svg.AXIS_COLOUR).append("\"/>");
        svg.append("<text transform=\"translate(14 ").append(Svg.coordinate(TOP + plotHeight / 2))
                .append(") rotate(-90)\" text-anchor=\"middle\" fill=\"").append(Svg.AXIS_COLOUR).append("\">")
                .append(Svg.escape(yLabel)).append("</text>");

        double x = LEFT;
        double y = 16;
        for (int s = 0; s < seriesNames.size(); s++) {
            double itemWidth = 26 + seriesNames.get(s).length() * 6.2;
            if (x + itemWidth > WIDTH - RIGHT && x > LEFT) {
                x = LEFT;
                y += 14;
            }
            svg.append("<rect x=\"").append(Svg.coordinate(x)).append("\" y=\"").append(Svg.coordinate(y - 9))
                    .append("\" width=\"12\" height=\"10\" fill=\"").append(Svg.colour(s)).append("\"/>");
            svg.append("<text x=\"").append(Svg.coordinate(x + 16)).append("\" y=\"").append(Svg.coordinate(y))
                    .append("\" fill=\"#222\">").append(Svg.escape(seriesNames.get(s))).append("</text>");
            x += itemWidth;
        }
        svg.append("</svg>");
        return svg.toString();
    }
}
