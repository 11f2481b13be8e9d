package io.streamrec.jobs.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink that appends every record to a static list named by the sink, so that a test in the
 * same JVM as the MiniCluster can read what a job wrote, also across job restarts.
 */
final class CollectingSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;
    private static final Map<String, List<Object>> STORAGE = new ConcurrentHashMap<>();

    private final String name;

    /** Creates a sink whose storage starts empty; a later sink with the same name shares it. */
    static <T> CollectingSink<T> fresh(String name) {
        STORAGE.put(name, new CopyOnWriteArrayList<>());
        return new CollectingSink<>(name);
    }

    /** Creates a sink writing into the existing storage of {@code name}. */
    static <T> CollectingSink<T> existing(String name) {
        STORAGE.computeIfAbsent(name, ignored -> new CopyOnWriteArrayList<>());
        return new CollectingSink<>(name);
    }

    private CollectingSink(String name) {
        this.name = name;
    }

    /** Returns a copy of the records written so far, in arrival order. */
    @SuppressWarnings("unchecked")
    List<T> values() {
        return new ArrayList<>((List<T>) STORAGE.get(name));
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        List<Object> target = STORAGE.get(name);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context writeContext) {
                target.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
