package io.streamrec.connectors.datasets;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A reader that turns one dataset file into {@link ParsedRow}s, in file order.
 *
 * <p>Contract: every line that is not blank and not a header yields at least one row (OTTO lines
 * yield one per event), either accepted or rejected with a reason. A malformed line never makes
 * {@link #hasNext()} or {@link #next()} throw. Only a failure to read the file itself, such as a
 * truncated gzip stream, ends the iteration with an {@link UncheckedIOException}. After
 * {@link #close()}, {@link #hasNext()} throws an {@link IllegalStateException}.
 *
 * <p>Event ids are {@code <prefix>:<line number>} (OTTO: {@code <prefix>:<line>:<index>}), where
 * the prefix defaults to the format name, so reading the same file twice gives the same ids.
 *
 * <p>Usage:
 * <pre>{@code
 * try (DatasetReader reader = DatasetFormat.TAOBAO.open(path, Map.of())) {
 *     while (reader.hasNext()) {
 *         ParsedRow row = reader.next();
 *         if (row.isAccepted()) { send(row.event()); } else { reject(row); }
 *     }
 * }
 * }</pre>
 */
public interface DatasetReader extends Iterator<ParsedRow>, Closeable {

    /** Returns the format this reader reads. */
    DatasetFormat format();

    /** Returns the file this reader reads. */
    Path path();

    /** Returns how many accepted rows {@link #next()} has returned so far. */
    long acceptedCount();

    /** Returns how many rejected rows {@link #next()} has returned so far, per reason; reasons not seen are absent. */
    Map<RejectReason, Long> rejectedCounts();

    /** Returns the remaining rows as a sequential stream that closes this reader when the stream is closed. */
    default Stream<ParsedRow> stream() {
        Spliterator<ParsedRow> spliterator =
                Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(spliterator, false).onClose(() -> {
            try {
                close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
