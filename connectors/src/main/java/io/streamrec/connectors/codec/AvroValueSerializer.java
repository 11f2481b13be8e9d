package io.streamrec.connectors.codec;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;

/** Flink serialization schema that writes any generated Avro class in single-object encoding. */
public class AvroValueSerializer<T extends SpecificRecord> implements SerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final Class<T> type;

    private transient AvroCodec<T> codec;

    public AvroValueSerializer(Class<T> type) {
        this.type = type;
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public void open(InitializationContext context) {
        codec = AvroCodec.of(type);
    }

    /** Encodes a record; opens the codec on first use if {@link #open} was not called. */
    @Override
    public byte[] serialize(T element) {
        if (codec == null) {
            codec = AvroCodec.of(type);
        }
        return codec.encode(element);
    }
}
