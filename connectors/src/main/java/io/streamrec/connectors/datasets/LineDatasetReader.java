package io.streamrec.connectors.datasets;

import io.streamrec.schemas.StorefrontEvent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The base of the line-oriented readers: opens the file (gzip or plain), numbers the lines,
 * skips blank lines and an optional header, and turns every {@link RowRejectedException} or
 * unexpected runtime exception of a subclass into a rejected row.
 *
 * <p>Subclasses implement {@link #parseEvent} for one event per line, or override
 * {@link #parseLine} for several.
 *
 * <p>NOTE: each line is read whole into memory before it is parsed, so a huge file without line
 * breaks is held at once. There is no per-line size limit (no OVERSIZED_RECORD rejection).
 */
abstract class LineDatasetReader implements DatasetReader {
    private static final Logger LOG = LoggerFactory.getLogger(LineDatasetReader.class);
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final DatasetFormat format;
    private final Path path;
    private final BufferedReader in;
    private final String eventIdPrefix;
    private final Deque<ParsedRow> pending = new ArrayDeque<>();
    private final Map<RejectReason, Long> rejectedCounts = new EnumMap<>(RejectReason.class);

    private String firstLine;
    private boolean firstLineConsumed;
    private long lineNumber;
    private long acceptedCount;
    private boolean endOfFile;
    private boolean closed;

    /**
     * Opens the file and reads its first line ahead, so that a subclass constructor can inspect
     * it with {@link #firstLine()} and call {@link #skipFirstLine()} when it is a header.
     */
    LineDatasetReader(DatasetFormat format, Path path, String eventIdPrefix) throws IOException {
        this.format = format;
        this.path = path;
        this.eventIdPrefix = eventIdPrefix;
        this.in = DatasetFiles.openText(path);
        try {
            String line = in.readLine();
            if (line != null && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
                line = line.substring(1);
            }
            firstLine = line;
            firstLineConsumed = line == null;
            lineNumber = line == null ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        LOG.info("Reading {} file {}", format.formatName(), path);
    }

    /** Returns line 1 of the file without a byte-order mark, or null for an empty file. */
    final String firstLine() {
        return firstLine;
    }

    /** Marks line 1 as a header, so iteration starts at line 2. */
    final void skipFirstLine() {
        firstLineConsumed = true;
    }

    /** Returns the event id of the row at {@code lineNumber}: {@code <prefix>:<lineNumber>}. */
    final String eventId(long lineNumber) {
        return eventIdPrefix + ':' + lineNumber;
    }

    final String eventIdPrefix() {
        return eventIdPrefix;
    }

    /**
     * Parses one non-blank data line into exactly one event.
     *
     * @throws RowRejectedException when the line cannot be used, with the reason
     */
    StorefrontEvent parseEvent(long lineNumber, String line) throws RowRejectedException {
        throw new UnsupportedOperationException("parseEvent or parseLine must be overridden");
    }

    /**
     * Parses one non-blank data line and adds its rows to {@code out}. The default adds the
     * single event of {@link #parseEvent}, or its rejection.
     */
    void parseLine(long lineNumber, String line, Deque<ParsedRow> out) {
        try {
            out.add(ParsedRow.accepted(lineNumber, 0, parseEvent(lineNumber, line)));
        } catch (RowRejectedException e) {
            out.add(ParsedRow.rejected(lineNumber, 0, line, e.reason(), e.getMessage()));
        }
    }

    @Override
    public final boolean hasNext() {
        if (closed) {
            throw new IllegalStateException("reader of " + path + " is closed");
        }
        while (pending.isEmpty() && !endOfFile) {
            String line = nextLine();
            if (line == null) {
                endOfFile = true;
            } else if (!line.isBlank()) {
                parseLineSafely(line);
            }
        }
        return !pending.isEmpty();
    }

    @Override
    public final ParsedRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more rows in " + path);
        }
        ParsedRow row = pending.removeFirst();
        if (row.isAccepted()) {
            acceptedCount++;
        } else {
            rejectedCounts.merge(row.reason(), 1L, Long::sum);
        }
        return row;
    }

    @Override
    public final DatasetFormat format() {
        return format;
    }

    @Override
    public final Path path() {
        return path;
    }

    @Override
    public final long acceptedCount() {
        return acceptedCount;
    }

    @Override
    public final Map<RejectReason, Long> rejectedCounts() {
        return Collections.unmodifiableMap(new EnumMap<>(rejectedCounts));
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            in.close();
            LOG.info("Closed {} file {} after line {}: {} rows accepted, rejected {}",
                    format.formatName(), path, lineNumber, acceptedCount, rejectedCounts);
        }
    }

    private String nextLine() {
        if (!firstLineConsumed) {
            firstLineConsumed = true;
            return firstLine;
        }
        try {
            String line = in.readLine();
            if (line != null) {
                lineNumber++;
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read " + path + " after line " + lineNumber, e);
        }
    }

    private void parseLineSafely(String line) {
        int before = pending.size();
        try {
            parseLine(lineNumber, line, pending);
        } catch (RuntimeException e) {
            // A bug or an unforeseen input must not end the replay: the line becomes a rejection.
            while (pending.size() > before) {
                pending.removeLast();
            }
            LOG.debug("Unexpected error parsing line {} of {}", lineNumber, path, e);
            pending.add(ParsedRow.rejected(lineNumber, 0, line, RejectReason.UNDECODABLE,
                    "unexpected error: " + e));
        }
    }
}
