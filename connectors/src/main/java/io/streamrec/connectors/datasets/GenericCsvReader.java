package io.streamrec.connectors.datasets;

import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Reads any delimited file whose layout is given by the {@code csv.*} options (see
 * {@link DatasetOptions}). Extra columns are ignored; a row with fewer columns than the highest
 * column used is rejected as UNDECODABLE.
 */
final class GenericCsvReader extends LineDatasetReader {
    private static final int USER = 0;
    private static final int ITEM = 1;
    private static final int TIME = 2;
    private static final int TYPE = 3;
    private static final int SESSION = 4;
    private static final int CATEGORY = 5;
    private static final int PRICE = 6;
    private static final int QUANTITY = 7;

    private final CsvMapping mapping;
    private final int[] columns;
    private final int requiredColumnCount;

    /**
     * Opens the file and resolves the mapping against its header.
     *
     * @throws IllegalArgumentException when an option is invalid or names a column the header lacks
     */
    GenericCsvReader(Path path, String eventIdPrefix, Map<String, String> options) throws IOException {
        super(DatasetFormat.CSV, path, eventIdPrefix);
        try {
            mapping = CsvMapping.fromOptions(options);
            List<String> headerNames = null;
            if (mapping.header && firstLine() != null) {
                headerNames = CsvLineSplitter.split(firstLine(), mapping.delimiter);
                skipFirstLine();
            }
            columns = mapping.resolveColumns(headerNames);
        } catch (RowRejectedException e) {
            close();
            throw new IllegalArgumentException("Cannot read the header of " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        int max = -1;
        for (int column : columns) {
            max = Math.max(max, column);
        }
        requiredColumnCount = max + 1;
    }

    @Override
    StorefrontEvent parseEvent(long lineNumber, String line) throws RowRejectedException {
        List<String> fields = CsvLineSplitter.split(line, mapping.delimiter);
        if (fields.size() < requiredColumnCount) {
            throw new RowRejectedException(RejectReason.UNDECODABLE,
                    "expected at least " + requiredColumnCount + " columns but found " + fields.size());
        }

        String user = Fields.requireId(fields.get(columns[USER]), "user id");
        String item = Fields.requireId(fields.get(columns[ITEM]), "item id");
        Instant time = mapping.timeFormat.toInstant(fields.get(columns[TIME]), "time");
        EventType type = columns[TYPE] < 0 ? mapping.defaultType : mapping.mapType(fields.get(columns[TYPE]));
        String session = columns[SESSION] < 0 ? null : Fields.optionalId(fields.get(columns[SESSION]), "session id");
        String category = columns[CATEGORY] < 0 ? null : Fields.optional(fields.get(columns[CATEGORY]));
        Double price = columns[PRICE] < 0 ? null : Fields.optionalPrice(fields.get(columns[PRICE]), "price");
        int quantity = columns[QUANTITY] < 0 ? 1 : Fields.optionalQuantity(fields.get(columns[QUANTITY]), "quantity");

        return new StorefrontEvent(eventId(lineNumber), user, session, item, type, time, category, price, quantity, null);
    }
}
