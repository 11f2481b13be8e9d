package io.streamrec.jobs.recommend;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a keyed function's state from its test harness. */
public final class HarnessState {

    private HarnessState() {}

    /** Returns the value of a value state for a key, or null. */
    public static <K, T> T value(
            AbstractStreamOperatorTestHarness<?> harness, K key, ValueStateDescriptor<T> descriptor)
            throws Exception {
        KeyedStateBackend<K> backend = backend(harness, key);
        ValueState<T> state = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor);
        return state.value();
    }

    /** Returns the keys of a map state for a key. */
    public static <K, MK, MV> List<MK> mapKeys(
            AbstractStreamOperatorTestHarness<?> harness, K key, MapStateDescriptor<MK, MV> descriptor)
            throws Exception {
        KeyedStateBackend<K> backend = backend(harness, key);
        MapState<MK, MV> state = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor);
        List<MK> keys = new ArrayList<>();
        for (Map.Entry<MK, MV> entry : state.entries()) {
            keys.add(entry.getKey());
        }
        return keys;
    }

    /** Returns the number of keyed state entries of a harness on the heap state backend. */
    public static int numKeyedStateEntries(AbstractStreamOperatorTestHarness<?> harness) {
        KeyedStateBackend<?> backend = ((AbstractStreamOperator<?>) harness.getOperator()).getKeyedStateBackend();
        if (backend instanceof HeapKeyedStateBackend<?> heap) {
            return heap.numKeyValueStateEntries();
        }
        throw new UnsupportedOperationException("Counting entries needs the heap state backend, not " + backend);
    }

    private static <K> KeyedStateBackend<K> backend(AbstractStreamOperatorTestHarness<?> harness, K key) {
        KeyedStateBackend<K> backend = ((AbstractStreamOperator<?>) harness.getOperator()).getKeyedStateBackend();
        backend.setCurrentKey(key);
        return backend;
    }
}
