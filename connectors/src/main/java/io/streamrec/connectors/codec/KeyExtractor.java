package io.streamrec.connectors.codec;

import java.io.Serializable;

/**
 * Computes the Kafka record key of a value. Serializable so that sinks can ship it to the task
 * managers.
 */
@FunctionalInterface
public interface KeyExtractor<T> extends Serializable {

    /** Returns the key, or null for a record without a key. */
    String keyOf(T value);
}
