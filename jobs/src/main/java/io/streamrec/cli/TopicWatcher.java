package io.streamrec.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one topic from the beginning on a background thread, counts its records and passes each
 * one to a handler, until closed. Reads with {@code read_committed}, so exactly-once output shows
 * up only once its checkpoint has committed it.
 */
final class TopicWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicWatcher.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Consumer<ConsumerRecord<byte[], byte[]>> handler;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong lastRecordNanos = new AtomicLong(System.nanoTime());
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    TopicWatcher(Properties clientProperties, String topic, Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        this.topic = topic;
        this.handler = handler;
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.remove("group.id");
        properties.put("isolation.level", "read_committed");
        properties.put("enable.auto.commit", "false");
        properties.put("key.deserializer", ByteArrayDeserializer.class.getName());
        properties.put("value.deserializer", ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(properties);
        this.thread = new Thread(this::runLoop, "watch-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    long count() {
        return count.get();
    }

    /** Time since the last record arrived, or since the start when none has. */
    Duration idleFor() {
        return Duration.ofNanos(System.nanoTime() - lastRecordNanos.get());
    }

    private void runLoop() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    try {
                        handler.accept(record);
                    } catch (RuntimeException e) {
                        LOG.warn("Could not read a record of {} at partition {} offset {}",
                                topic, record.partition(), record.offset(), e);
                    }
                    count.incrementAndGet();
                    lastRecordNanos.set(System.nanoTime());
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer up.
        } catch (RuntimeException e) {
            LOG.error("Watching topic {} failed", topic, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
