package io.streamrec.connectors.codec;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.streamrec.schemas.EventType;
import io.streamrec.schemas.StorefrontEvent;

/**
 * Parses the JSON form of a {@link StorefrontEvent}: an object with the Avro field names, for
 * example
 *
 * <pre>{@code
 * {"eventId":"e1","userId":"u1","sessionId":"s1","itemId":"i1","eventType":"VIEW",
 *  "eventTime":1700000000000,"category":"c1","price":9.99,"quantity":1,"context":{"device":"ios"}}
 * }</pre>
 *
 * <p>Ids and the category may be strings or integers. {@code eventTime} is epoch milliseconds (a
 * number or a string of digits) or an ISO-8601 instant or offset date-time. {@code eventType} is
 * matched ignoring case, underscores, hyphens and spaces, against the {@link EventType} symbols
 * and common aliases (see {@link #eventTypeOf(String)}). {@code price} and {@code quantity} may be
 * numbers or numeric strings; a missing quantity is 1. Context values that are not strings are kept
 * as their JSON text. Unknown fields are ignored. This parser checks types only; range checks are
 * {@link EventValidator}'s.
 */
public final class JsonEventParser {

    /** Rejects text after the object, such as two events written into one record value. */
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Map<String, EventType> EVENT_TYPES = eventTypeAliases();

    private JsonEventParser() {}

    /**
     * Parses one JSON object into an event.
     *
     * @param offset index of the first byte to parse, after any byte order mark
     * @throws InvalidEventException with UNDECODABLE for malformed JSON or a value that is not an
     *     object. MISSING_FIELD is for an absent required field, INVALID_FIELD for a field of the
     *     wrong type, and UNKNOWN_EVENT_TYPE for an event type that is neither a symbol nor an alias.
     */
    public static StorefrontEvent parse(byte[] value, int offset) throws InvalidEventException {
        JsonNode root;
        try {
            root = MAPPER.readTree(value, offset, value.length - offset);
        } catch (JacksonException e) {
            throw new InvalidEventException(
                    RejectReason.UNDECODABLE, "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidEventException(RejectReason.UNDECODABLE, "unreadable JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidEventException(RejectReason.UNDECODABLE, "JSON value is not an object");
        }

        StorefrontEvent event = new StorefrontEvent();
        event.setEventId(requiredId(root, "eventId"));
        event.setUserId(requiredId(root, "userId"));
        event.setSessionId(optionalId(root, "sessionId"));
        event.setItemId(requiredId(root, "itemId"));
        event.setEventType(eventType(root));
        event.setEventTime(eventTime(root));
        event.setCategory(optionalId(root, "category"));
        event.setPrice(price(root));
        event.setQuantity(quantity(root));
        event.setContext(context(root));
        return event;
    }

    /**
     * Maps an event type name to its symbol: the {@link EventType} names and the aliases view, pv,
     * pageview, click (VIEW); cart, addtocart, add (ADD_TO_CART); removefromcart, remove
     * (REMOVE_FROM_CART); fav, favourite, wishlist, like (FAVORITE); buy, order, transaction,
     * checkout (PURCHASE). Case, underscores, hyphens and spaces are ignored.
     */
    public static Optional<EventType> eventTypeOf(String name) {
        return Optional.ofNullable(EVENT_TYPES.get(normalize(name)));
    }

    private static String normalize(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '_' && c != '-' && c != ' ') {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    private static Map<String, EventType> eventTypeAliases() {
        Map<String, EventType> types = new HashMap<>();
        for (EventType type : EventType.values()) {
            types.put(normalize(type.name()), type);
        }
        for (String alias : new String[] {"pv", "pageview", "click"}) {
            types.put(alias, EventType.VIEW);
        }
        for (String alias : new String[] {"cart", "add", "addtocart"}) {
            types.put(alias, EventType.ADD_TO_CART);
        }
        for (String alias : new String[] {"remove", "removefromcart"}) {
            types.put(alias, EventType.REMOVE_FROM_CART);
        }
        for (String alias : new String[] {"fav", "favourite", "wishlist", "like"}) {
            types.put(alias, EventType.FAVORITE);
        }
        for (String alias : new String[] {"buy", "order", "transaction", "checkout"}) {
            types.put(alias, EventType.PURCHASE);
        }
        return types;
    }

    private static JsonNode field(JsonNode root, String name) {
        JsonNode node = root.get(name);
        return node == null || node.isNull() ? null : node;
    }

    private static String requiredId(JsonNode root, String name) throws InvalidEventException {
        String id = optionalId(root, name);
        if (id == null) {
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "field " + name + " is missing");
        }
        return id;
    }

    private static String optionalId(JsonNode root, String name) throws InvalidEventException {
        JsonNode node = field(root, name);
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        throw invalidType(name, node, "a string or an integer");
    }

    private static EventType eventType(JsonNode root) throws InvalidEventException {
        JsonNode node = field(root, "eventType");
        if (node == null) {
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "field eventType is missing");
        }
        if (!node.isTextual()) {
            throw invalidType("eventType", node, "a string");
        }
        Optional<EventType> type = eventTypeOf(node.textValue());
        if (type.isEmpty()) {
            throw new InvalidEventException(
                    RejectReason.UNKNOWN_EVENT_TYPE,
                    "field eventType is " + EventValidator.quote(node.textValue())
                            + ", not one of the EventType symbols or their aliases");
        }
        return type.get();
    }

    private static Instant eventTime(JsonNode root) throws InvalidEventException {
        JsonNode node = field(root, "eventTime");
        if (node == null) {
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "field eventTime is missing");
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                throw invalidType("eventTime", node, "epoch milliseconds that fit a long");
            }
            return Instant.ofEpochMilli(node.longValue());
        }
        if (node.isTextual()) {
            String text = node.textValue().trim();
            if (!text.isEmpty() && text.chars().allMatch(Character::isDigit) && text.length() <= 18) {
                return Instant.ofEpochMilli(Long.parseLong(text));
            }
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException notAnInstant) {
                try {
                    return OffsetDateTime.parse(text).toInstant();
                } catch (DateTimeParseException e) {
                    throw invalidType("eventTime", node, "epoch milliseconds or an ISO-8601 instant");
                }
            }
        }
        throw invalidType("eventTime", node, "epoch milliseconds or an ISO-8601 instant");
    }

    private static Double price(JsonNode root) throws InvalidEventException {
        JsonNode node = field(root, "price");
        if (node == null) {
            return null;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            try {
                return new BigDecimal(node.textValue().trim()).doubleValue();
            } catch (NumberFormatException e) {
                throw invalidType("price", node, "a number");
            }
        }
        throw invalidType("price", node, "a number");
    }

    private static int quantity(JsonNode root) throws InvalidEventException {
        JsonNode node = field(root, "quantity");
        if (node == null) {
            return 1;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (node.isTextual()) {
            try {
                return Integer.parseInt(node.textValue().trim());
            } catch (NumberFormatException e) {
                throw invalidType("quantity", node, "an integer");
            }
        }
        throw invalidType("quantity", node, "an integer");
    }

    private static Map<String, String> context(JsonNode root) throws InvalidEventException {
        JsonNode node = field(root, "context");
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            throw invalidType("context", node, "an object");
        }
        Map<String, String> context = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                continue;
            }
            context.put(entry.getKey(), value.isTextual() ? value.textValue() : value.toString());
        }
        return context;
    }

    private static InvalidEventException invalidType(String name, JsonNode node, String expected) {
        return new InvalidEventException(
                RejectReason.INVALID_FIELD,
                "field " + name + " is " + EventValidator.quote(node.toString()) + ", expected " + expected);
    }
}
