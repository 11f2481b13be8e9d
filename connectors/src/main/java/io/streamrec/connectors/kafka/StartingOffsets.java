package io.streamrec.connectors.kafka;

import java.util.Locale;

import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Starting position of a Kafka source without restored state, set by {@link KafkaOptions#STARTING_OFFSETS}. */
public enum StartingOffsets {
    /** The first offset still in each partition. */
    EARLIEST,
    /** The end of each partition: only records written after the start are read. */
    LATEST,
    /** The consumer group's committed offsets, or the earliest offset where the group has none. */
    COMMITTED;

    /** Returns the option value of this choice, such as {@code earliest}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the Flink offsets initializer for this choice. */
    @SuppressWarnings("deprecation") // the connector's API still takes OffsetResetStrategy
    public OffsetsInitializer initializer() {
        switch (this) {
            case EARLIEST:
                return OffsetsInitializer.earliest();
            case LATEST:
                return OffsetsInitializer.latest();
            default:
                return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        }
    }
}
