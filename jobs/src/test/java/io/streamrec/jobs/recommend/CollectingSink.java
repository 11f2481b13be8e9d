package io.streamrec.jobs.recommend;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A sink that collects records into a static queue named by the test, so that a job on a
 * MiniCluster in the same JVM can hand its output back.
 */
public final class CollectingSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    private static final Map<String, Queue<Object>> RECORDS = new ConcurrentHashMap<>();

    private final String name;

    public CollectingSink(String name) {
        this.name = name;
        RECORDS.put(name, new ConcurrentLinkedQueue<>());
    }

    /** Returns a copy of the records collected so far. */
    @SuppressWarnings("unchecked")
    public List<T> records() {
        List<T> copy = new ArrayList<>();
        for (Object record : RECORDS.get(name)) {
            copy.add((T) record);
        }
        return copy;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        Queue<Object> queue = RECORDS.get(name);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context writeContext) {
                queue.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
