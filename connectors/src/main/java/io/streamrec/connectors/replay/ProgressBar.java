package io.streamrec.connectors.replay;

import java.io.PrintStream;

/**
 * A one-line progress display that rewrites itself with a carriage return: events sent, current
 * rate and, when the total is known, the percentage. It redraws at most every
 * {@link #REDRAW_INTERVAL_NANOS} and prints nothing when disabled.
 */
final class ProgressBar {

    /** Minimum time between two redraws: 250 ms. */
    static final long REDRAW_INTERVAL_NANOS = 250_000_000L;

    private final PrintStream out;
    private final boolean enabled;
    private final long total;
    private final long startNanos;
    private long lastDrawNanos;
    private boolean drawn;

    /**
     * @param total the expected number of events, or a value below 1 when unknown
     */
    ProgressBar(PrintStream out, boolean enabled, long total) {
        this.out = out;
        this.enabled = enabled;
        this.total = total;
        this.startNanos = System.nanoTime();
    }

    /** Redraws the line if enough time passed since the last redraw. */
    void update(long sent) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (drawn && now - lastDrawNanos < REDRAW_INTERVAL_NANOS) {
            return;
        }
        draw(sent, now);
    }

    /** Draws the final state and ends the line. */
    void finish(long sent) {
        if (!enabled) {
            return;
        }
        draw(sent, System.nanoTime());
        out.println();
        out.flush();
    }

    private void draw(long sent, long now) {
        lastDrawNanos = now;
        drawn = true;
        double seconds = (now - startNanos) / 1e9;
        double rate = seconds > 0 ? sent / seconds : 0;
        StringBuilder line = new StringBuilder("\rreplay: ").append(String.format("%,d events sent (%,.0f/s)", sent, rate));
        if (total > 0) {
            line.append(String.format(", %.1f%% of %,d", 100.0 * Math.min(sent, total) / total, total));
        }
        out.print(line);
        out.flush();
    }
}
