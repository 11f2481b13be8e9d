package io.streamrec.jobs.evaluation.report;

import java.util.Locale;

/** Helpers shared by the SVG charts: escaping, number formatting, colours and axis ticks. */
final class Svg {

    /** Colours of the series, in order; chosen to stay apart for common colour-vision deficiencies. */
    static final String[] PALETTE = {
        "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#000000", "#f0e442"
    };

    static final String AXIS_COLOUR = "#444";
    static final String GRID_COLOUR = "#e3e3e3";
    static final String FONT = "font-family=\"Helvetica, Arial, sans-serif\"";

    private Svg() {}

    static String colour(int seriesIndex) {
        return PALETTE[seriesIndex % PALETTE.length];
    }

    /** Escapes the five XML special characters. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Formats a coordinate with one decimal and a dot. */
    static String coordinate(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /**
     * Returns a "nice" tick step (1, 2 or 5 times a power of ten) that splits {@code [0, max]}
     * into about {@code ticks} parts.
     */
    static double niceStep(double max, int ticks) {
        if (!(max > 0)) {
            return 1.0;
        }
        double rough = max / ticks;
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double fraction = rough / magnitude;
        if (fraction <= 1) {
            return magnitude;
        }
        if (fraction <= 2) {
            return 2 * magnitude;
        }
        if (fraction <= 5) {
            return 5 * magnitude;
        }
        return 10 * magnitude;
    }

    /** Formats an axis value with as many decimals as the step needs. */
    static String tickLabel(double value, double step) {
        int decimals = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step) - 1e-9);
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
