package io.streamrec.cli;

import io.streamrec.connectors.datasets.DatasetFiles;
import io.streamrec.connectors.datasets.DatasetFormat;
import io.streamrec.connectors.datasets.ParsedRow;
import io.streamrec.schemas.StorefrontEvent;
import io.streamrec.simulator.SimulatorConfig;
import io.streamrec.simulator.StorefrontSimulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The events a local run replays: the built-in simulator, or a dataset file read whole and sorted
 * by event time (several public files are sorted by user, not by time).
 *
 * <p>Rows of the file that could not be parsed are kept apart, so that the caller can write them
 * to the dead-letter topic with their reason.
 */
public final class EventInput {

    private final String description;
    private final Iterator<StorefrontEvent> events;
    private final long total;
    private final List<ParsedRow> rejectedRows;

    private EventInput(String description, Iterator<StorefrontEvent> events, long total, List<ParsedRow> rejectedRows) {
        this.description = description;
        this.events = events;
        this.total = total;
        this.rejectedRows = rejectedRows;
    }

    /** Opens the simulator with {@code events} events and the given seed. */
    public static EventInput simulator(long events, long seed) {
        SimulatorConfig config = SimulatorConfig.defaults().withMaxEvents(events).withSeed(seed);
        return new EventInput("built-in storefront simulator (" + events + " events, seed " + seed + ")",
                new StorefrontSimulator(config), events, List.of());
    }

    /**
     * Reads a dataset file whole and sorts it by event time.
     *
     * @throws IllegalArgumentException if the format or an option is invalid, or the file is missing
     */
    public static EventInput dataset(String formatName, Path file, Map<String, String> options, long maxEvents)
            throws IOException {
        DatasetFormat format = DatasetFormat.fromName(formatName);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Invalid value '" + file + "' for option '--file': file not found.");
        }
        DatasetFiles.TimeSortedRows rows = DatasetFiles.readSortedByEventTime(format, file, options);
        List<StorefrontEvent> events = new ArrayList<>(rows.accepted().size());
        for (ParsedRow row : rows.accepted()) {
            if (maxEvents > 0 && events.size() >= maxEvents) {
                break;
            }
            events.add(row.event());
        }
        return new EventInput(format.formatName() + " file " + file, events.iterator(), events.size(),
                rows.rejected());
    }

    public String description() {
        return description;
    }

    public Iterator<StorefrontEvent> events() {
        return events;
    }

    /** Number of valid events the iterator yields. */
    public long total() {
        return total;
    }

    /** Rows of the file that could not be parsed, with their reason. */
    public List<ParsedRow> rejectedRows() {
        return rejectedRows;
    }
}
