package io.streamrec.jobs.evaluation.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An SVG line chart of values over event time, with axes, grid lines, tick labels and a legend.
 * Series of the same colour index share a colour, so a model's window values and its running
 * totals read as one model.
 */
final class LineChart {

    private static final int WIDTH = 560;
    private static final int HEIGHT = 300;
    private static final int LEFT = 58;
    private static final int RIGHT = 16;
    private static final int TOP = 40;
    private static final int BOTTOM = 46;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final long DAY_MILLIS = 24 * 3_600_000L;

    /** Candidate spacings of time ticks, in milliseconds: seconds to weeks. */
    private static final long[] TIME_STEPS = {
        1_000, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
        3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, DAY_MILLIS, 2 * DAY_MILLIS, 7 * DAY_MILLIS,
        14 * DAY_MILLIS, 28 * DAY_MILLIS
    };

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** One line: points in event-time milliseconds and values. */
    record Series(String name, int colourIndex, boolean dashed, boolean inLegend, List<double[]> points) {}

    private final String yLabel;
    private final Double fixedMax;
    private final List<Series> series = new ArrayList<>();

    /**
     * Creates an empty chart.
     *
     * @param yLabel label of the value axis
     * @param fixedMax top of the value axis, or null to fit the data
     */
    LineChart(String yLabel, Double fixedMax) {
        this.yLabel = yLabel;
        this.fixedMax = fixedMax;
    }

    LineChart add(Series line) {
        series.add(line);
        return this;
    }

    /** Returns the chart as an inline {@code <svg>} element; a chart without points shows "no data". */
    String toSvg() {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                minX = Math.min(minX, p[0]);
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append("<svg viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" class=\"chart\" ").append(Svg.FONT).append(" font-size=\"11\">");
        if (minX == Double.MAX_VALUE) {
            svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT / 2)
                    .append("\" text-anchor=\"middle\" fill=\"#888\">no data</text></svg>");
            return svg.toString();
        }
        if (maxX == minX) {
            minX -= 30_000;
            maxX += 30_000;
        }

        double step = Svg.niceStep(fixedMax != null ? fixedMax : maxY, 5);
        double top = fixedMax != null ? fixedMax : Math.max(step, Math.ceil(maxY / step) * step);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double x0 = minX;
        double xSpan = maxX - minX;

        // Horizontal grid lines and value labels.
        for (double v = 0; v <= top + step / 2; v += step) {
            double y = TOP + plotHeight - v / top * plotHeight;
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                    .append("\" y1=\"").append(Svg.coordinate(y)).append("\" y2=\"").append(Svg.coordinate(y))
                    .append("\" stroke=\"").append(Svg.GRID_COLOUR).append("\"/>");
            svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(Svg.coordinate(y + 4))
                    .append("\" text-anchor=\"end\" fill=\"").append(Svg.AXIS_COLOUR).append("\">")
                    .append(Svg.tickLabel(v, step)).append("</text>");
        }

        // Time ticks at round times: whole minutes, hours or days.
        long tickStep = timeStep(xSpan);
        boolean multiDay = xSpan > 24 * 3_600_000.0;
        DateTimeFormatter format = multiDay ? DAY_TIME : TIME;
        if (tickStep < 60_000) {
            format = SECONDS;
        } else if (tickStep >= DAY_MILLIS) {
            format = DATE;
        }
        long firstTick = Math.floorDiv((long) Math.ceil(minX) + tickStep - 1, tickStep) * tickStep;
        for (long t = firstTick; t <= maxX; t += tickStep) {
            double x = LEFT + (t - x0) / xSpan * plotWidth;
            svg.append("<line x1=\"").append(Svg.coordinate(x)).append("\" x2=\"").append(Svg.coordinate(x))
                    .append("\" y1=\"").append(TOP + plotHeight).append("\" y2=\"").append(TOP + plotHeight + 4)
                    .append("\" stroke=\"").append(Svg.AXIS_COLOUR).append("\"/>");
            svg.append("<text x=\"").append(Svg.coordinate(x)).append("\" y=\"").append(Svg.coordinate(TOP + plotHeight + 16))
                    .append("\" text-anchor=\"middle\" fill=\"").append(Svg.AXIS_COLOUR).append("\">")
                    .append(format.format(Instant.ofEpochMilli(t))).append("</text>");
        }

        // Axes.
        svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT).append("\" y1=\"").append(TOP)
                .append("\" y2=\"").append(TOP + plotHeight).append("\" stroke=\"").append(Svg.AXIS_COLOUR).append("\"/>");
        svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(TOP + plotHeight)
                .append("\" y2=\"").append(TOP + plotHeight).append("\" stroke=\"").append(Svg.AXIS_COLOUR).append("\"/>");
        String xLabel = "event time (UTC)" + (multiDay ? "" : ", " + DAY.format(Instant.ofEpochMilli((long) minX)));
        svg.append("<text x=\"").append(Svg.coordinate(LEFT + plotWidth / 2)).append("\" y=\"").append(HEIGHT - 6)
                .append("\" text-anchor=\"middle\" fill=\"").append(Svg.AXIS_COLOUR).append("\">")
                .append(Svg.escape(xLabel)).append("</text>");
        svg.append("<text transform=\"translate(14 ").append(Svg.coordinate(TOP + plotHeight / 2))
                .append(") rotate(-90)\" text-anchor=\"middle\" fill=\"").append(Svg.AXIS_COLOUR).append("\">")
                .append(Svg.escape(yLabel)).append("</text>");

        // Lines.
        for (Series s : series) {
            if (s.points().isEmpty()) {
                continue;
            }
            String colour = Svg.colour(s.colourIndex());
            StringBuilder points = new StringBuilder();
            for (double[] p : s.points()) {
                double x = LEFT + (p[0] - x0) / xSpan * plotWidth;
                double y = TOP + plotHeight - Math.min(p[1], top) / top * plotHeight;
                points.append(Svg.coordinate(x)).append(',').append(Svg.coordinate(y)).append(' ');
            }
            if (s.points().size() == 1) {
                String[] xy = points.toString().trim().split(",");
                svg.append("<circle cx=\"").append(xy[0]).append("\" cy=\"").append(xy[1]).append("\" r=\"3\" fill=\"")
                        .append(colour).append("\"/>");
                continue;
            }
            svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"")
                    .append(s.dashed() ? "1.2\" stroke-dasharray=\"4 3\" stroke-opacity=\"0.8" : "2")
                    .append("\" points=\"").append(points.toString().trim()).append("\"/>");
        }

        appendLegend(svg);
        svg.append("</svg>");
        return svg.toString();
    }

    /** Returns the smallest round spacing that gives at most 7 ticks over {@code span} milliseconds. */
    static long timeStep(double span) {
        for (long step : TIME_STEPS) {
            if (span / step <= 7) {
                return step;
            }
        }
        long largest = TIME_STEPS[TIME_STEPS.length - 1];
        return (long) Math.ceil(span / 7 / largest) * largest;
    }

    private void appendLegend(StringBuilder svg) {
        double x = LEFT;
        double y = 16;
        for (Series s : series) {
            if (!s.inLegend()) {
                continue;
            }
            double itemWidth = 30 + s.name().length() * 6.2;
            if (x + itemWidth > WIDTH - RIGHT && x > LEFT) {
                x = LEFT;
                y += 14;
            }
            svg.append("<line x1=\"").append(Svg.coordinate(x)).append("\" x2=\"").append(Svg.coordinate(x + 18))
                    .append("\" y1=\"").append(Svg.coordinate(y - 4)).append("\" y2=\"").append(Svg.coordinate(y - 4))
                    .append("\" stroke=\"").append(Svg.colour(s.colourIndex())).append("\" stroke-width=\"")
                    .append(s.dashed() ? "1.2\" stroke-dasharray=\"4 3" : "2").append("\"/>");
            svg.append("<text x=\"").append(Svg.coordinate(x + 22)).append("\" y=\"").append(Svg.coordinate(y))
                    .append("\" fill=\"#222\">").append(Svg.escape(s.name())).append("</text>");
            x += itemWidth;
        }
        boolean hasHiddenDashed = series.stream().anyMatch(s -> s.dashed() && !s.inLegend() && !s.points().isEmpty());
        if (hasHiddenDashed) {
            String name = "dashed: each window";
            double itemWidth = 30 + name.length() * 6.2;
            if (x + itemWidth > WIDTH - RIGHT && x > LEFT) {
                x = LEFT;
                y += 14;
            }
            svg.append("<line x1=\"").append(Svg.coordinate(x)).append("\" x2=\"").append(Svg.coordinate(x + 18))
                    .append("\" y1=\"").append(Svg.coordinate(y - 4)).append("\" y2=\"").append(Svg.coordinate(y - 4))
                    .append("\" stroke=\"#777\" stroke-width=\"1.2\" stroke-dasharray=\"4 3\"/>");
            svg.append("<text x=\"").append(Svg.coordinate(x + 22)).append("\" y=\"").append(Svg.coordinate(y))
                    .append("\" fill=\"#555\">").append(name).append("</text>");
        }
    }
}
