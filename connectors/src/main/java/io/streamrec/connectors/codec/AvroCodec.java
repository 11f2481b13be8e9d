package io.streamrec.connectors.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding for one generated class: two marker bytes {@code 0xC3 0x01}, the
 * 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema, then the binary body.
 *
 * <p>The decoder resolves the writer schema by its fingerprint in a schema store that contains the
 * class's current schema and every older version kept as a resource named
 * {@code schema-history/<Name>-v<n>.avsc} (n = 1, 2, ... without gaps). A record written with an
 * older version is decoded into the current class by Avro schema resolution: fields the old
 * version lacks take their defaults. A fingerprint not in the store fails to decode.
 *
 * <p>Instances are thread-safe (Avro's encoder and decoder keep per-thread buffers) but not
 * serializable; Flink functions hold them in a transient field, or call {@link #of(Class)}, which
 * caches one codec per class.
 */
public final class AvroCodec<T extends SpecificRecord> {

    /** Java package and Avro namespace of the generated classes. */
    public static final String SCHEMA_PACKAGE = "io.streamrec.schemas";

    /** Resource folder of older writer schemas. */
    public static final String HISTORY_FOLDER = "schema-history/";

    /** First byte of an Avro single-object encoded record. */
    public static final byte MARKER_0 = (byte) 0xC3;

    /** Second byte of an Avro single-object encoded record. */
    public static final byte MARKER_1 = (byte) 0x01;

    /** Length of the header: the two marker bytes and the 8-byte fingerprint. */
    public static final int HEADER_LENGTH = 10;

    private static final Map<Class<?>, AvroCodec<?>> CACHE = new ConcurrentHashMap<>();

    private final Class<T> type;
    private final Schema schema;
    private final List<Schema> writerSchemas;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroCodec(Class<T> type) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);

        SchemaStore.Cache store = new SchemaStore.Cache();
        this.decoder = new BinaryMessageDecoder<>(model, schema, store);
        List<Schema> known = new ArrayList<>(loadHistory(schema.getName(), type.getClassLoader()));
        for (Schema older : known) {
            decoder.addSchema(older);
        }
        known.add(schema);
        this.writerSchemas = Collections.unmodifiableList(known);
    }

    /** Returns the codec of a generated class, created once per class and cached. */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
        return (AvroCodec<T>) CACHE.computeIfAbsent(type, t -> new AvroCodec<>(type));
    }

    /**
     * Returns the codec of the generated class with this simple name in {@link #SCHEMA_PACKAGE},
     * such as the value schema a {@code TopicSpec} names.
     *
     * @throws IllegalArgumentException if no such generated class is on the class path
     */
    public static AvroCodec<? extends SpecificRecord> forSchemaName(String simpleName) {
        String className = SCHEMA_PACKAGE + "." + simpleName;
        Class<?> found;
        try {
            found = Class.forName(className, true, AvroCodec.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(
                    "No generated Avro class " + className + " on the class path; add "
                            + simpleName + ".avsc to the schemas module", e);
        }
        if (!SpecificRecord.class.isAssignableFrom(found)) {
            throw new IllegalArgumentException(className + " is not a generated Avro record class");
        }
        return of(found.asSubclass(SpecificRecord.class));
    }

    /** Encodes a record with the class's current schema. */
    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            // Encoding into memory only fails on a record that breaks its own schema.
            throw new IllegalArgumentException("Cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes one single-object encoded record.
     *
     * @throws IOException if the body is truncated or corrupt
     * @throws org.apache.avro.message.BadHeaderException if the bytes do not start with the marker
     * @throws org.apache.avro.message.MissingSchemaException if the writer schema is not known
     * @throws org.apache.avro.AvroRuntimeException on other malformed input
     */
    public T decode(byte[] bytes) throws IOException {
        return decoder.decode(bytes);
    }

    /** Returns whether the bytes start with the single-object marker and hold a full header. */
    public static boolean isSingleObject(byte[] bytes) {
        return bytes != null && bytes.length >= HEADER_LENGTH && bytes[0] == MARKER_0 && bytes[1] == MARKER_1;
    }

    /** Returns the writer schema fingerprint of a single-object encoded record. */
    public static long writerFingerprint(byte[] bytes) {
        if (!isSingleObject(bytes)) {
            throw new IllegalArgumentException("Not an Avro single-object encoded record");
        }
        return ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** Returns the CRC-64-AVRO fingerprint of a schema's parsing canonical form. */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    public Class<T> type() {
        return type;
    }

    /** Returns the current (reader) schema of the class. */
    public Schema schema() {
        return schema;
    }

    /** Returns every writer schema this codec decodes, oldest first, ending with the current one. */
    public List<Schema> writerSchemas() {
        return writerSchemas;
    }

    /**
     * Loads {@code schema-history/<name>-v1.avsc}, {@code -v2.avsc}, ... until the first missing
     * version. Each file is parsed on its own, so it must define every named type it uses.
     */
    static List<Schema> loadHistory(String name, ClassLoader loader) {
        List<Schema> history = new ArrayList<>();
        for (int version = 1; ; version++) {
            String resource = HISTORY_FOLDER + name + "-v" + version + ".avsc";
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    return history;
                }
                history.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read schema resource " + resource, e);
            }
        }
    }
}
