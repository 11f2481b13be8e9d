package io.streamrec.connectors.datasets;

import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Deque;

/**
 * Reads the OTTO RecSys 2022 sessions ({@code train.jsonl}, {@code test.jsonl}): one JSON object
 * per line, {@code {"session": 12, "events": [{"aid": 123, "ts": 1659304800025, "type": "clicks"}]}}
 * with {@code ts} in Unix epoch milliseconds.
 *
 * <p>Each element of {@code events} becomes one event with the id {@code <prefix>:<line>:<index>}.
 * Types: {@code clicks} is VIEW, {@code carts} is ADD_TO_CART, {@code orders} is PURCHASE; the
 * numeric codes 0, 1, 2 of the Kaggle parquet exports are read the same way. The session is both
 * the user and the session. A broken line yields one rejection with index 0. A broken element
 * yields a rejection for that element only, and its raw text is the element's JSON.
 */
final class OttoReader extends LineDatasetReader {
    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    OttoReader(Path path, String eventIdPrefix) throws IOException {
        super(DatasetFormat.OTTO, path, eventIdPrefix);
    }

    @Override
    void parseLine(long lineNumber, String line, Deque<ParsedRow> out) {
        JsonNode events;
        String session;
        try {
            JsonNode root = parseObject(line);
            session = Fields.requireId(scalarText(root, "session"), "session");
            events = root.get("events");
            if (events == null || !events.isArray()) {
                throw new RowRejectedException(RejectReason.MISSING_FIELD, "missing events array");
            }
            if (events.isEmpty()) {
                // Rejected so that every line yields at least one row, as DatasetReader promises.
                throw new RowRejectedException(RejectReason.MISSING_FIELD, "events array is empty");
            }
        } catch (RowRejectedException e) {
            out.add(ParsedRow.rejected(lineNumber, 0, line, e.reason(), e.getMessage()));
            return;
        }

        for (int index = 0; index < events.size(); index++) {
            JsonNode element = events.get(index);
            try {
                out.add(ParsedRow.accepted(lineNumber, index, parseElement(lineNumber, index, session, element)));
            } catch (RowRejectedException e) {
                out.add(ParsedRow.rejected(lineNumber, index, element.toString(), e.reason(), e.getMessage()));
            }
        }
    }

    private StorefrontEvent parseElement(long lineNumber, int index, String session, JsonNode element)
            throws RowRejectedException {
        if (!element.isObject()) {
            throw new RowRejectedException(RejectReason.UNDECODABLE, "event " + index + " is not a JSON object");
        }
        String item = Fields.requireId(scalarText(element, "aid"), "aid");
        Instant time = EventTimes.fromEpochMillis(scalarText(element, "ts"), "ts");
        EventType type = eventType(Fields.require(scalarText(element, "type"), "type"));
        String id = eventIdPrefix() + ':' + lineNumber + ':' + index;
        return new StorefrontEvent(id, session, session, item, type, time, null, null, 1, null);
    }

    private static JsonNode parseObject(String line) throws RowRejectedException {
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new RowRejectedException(RejectReason.UNDECODABLE, "invalid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new RowRejectedException(RejectReason.UNDECODABLE, "line is not a JSON object");
        }
        return root;
    }

    /** Returns the text of a number or string member, null when absent or JSON null; rejects objects and arrays. */
    private static String scalarText(JsonNode node, String member) throws RowRejectedException {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw Fields.invalid(member, value.toString(), "is not a number or string");
        }
        return value.asText();
    }

    private static EventType eventType(String value) throws RowRejectedException {
        switch (value) {
            case "clicks":
            case "0":
                return EventType.VIEW;
            case "carts":
            case "1":
                return EventType.ADD_TO_CART;
            case "orders":
            case "2":
                return EventType.PURCHASE;
            default:
                throw Fields.unknownType("type", value, "clicks, carts, orders (or 0, 1, 2)");
        }
    }
}
