package io.streamrec.connectors.replay;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.streamrec.connectors.codec.AvroCodec;
import io.streamrec.connectors.codec.EventDecoder;
import io.streamrec.connectors.codec.EventValidator;
import io.streamrec.connectors.codec.InvalidEventException;
import io.streamrec.connectors.codec.RawRecord;
import io.streamrec.connectors.codec.RejectReason;
import io.streamrec.connectors.codec.ValidationLimits;
import io.streamrec.schemas.RejectedEvent;
import io.streamrec.schemas.StorefrontEvent;

/**
 * Writes {@link StorefrontEvent}s to the input topic, keyed by user id and Avro single-object
 * encoded, in the order the iterator yields them. The caller sorts by event time.
 *
 * <p>Each event is first checked by {@link EventValidator}, the same rules the job applies, with
 * the wall clock as the current time. A bad row (or a null element, which a dataset reader may
 * yield for a row it could not parse) is counted by reason and, when a dead-letter topic is set,
 * written there as a {@link RejectedEvent} with partition and offset -1.
 *
 * <p>Pacing: with a speed factor of 0 (the default) events go out as fast as the producer takes
 * them. With a factor f &gt; 0, an event whose event time lies t after the first event's is sent no
 * earlier than t / f after the start, so 60 replays one minute of event time per second.
 *
 * <p>Kafka record timestamps are the send time, not the event time. A broker deletes segments by
 * the record timestamp, so event times of an old dataset would make it drop the data at once.
 *
 * <pre>{@code
 * ReplayStats stats = ReplayProducer.builder(settings.producerProperties(), "storefront-events")
 *         .dlqTopic("storefront-events-dlq")
 *         .speedFactor(60)
 *         .expectedTotal(rows)
 *         .build()
 *         .run(events);
 * }</pre>
 */
public final class ReplayProducer {

    /** How long a send may block waiting for the broker's metadata before the replay gives up. */
    static final Duration BROKER_WAIT = Duration.ofSeconds(15);

    private static final Logger LOG = LoggerFactory.getLogger(ReplayProducer.class);

    private final Properties producerProperties;
    private final String topic;
    private final String dlqTopic;
    private final double speedFactor;
    private final long maxEvents;
    private final long expectedTotal;
    private final PrintStream progressOutput;
    private final boolean progressEnabled;
    private final ValidationLimits limits;
    private final String sourceName;

    private ReplayProducer(Builder builder) {
        this.producerProperties = new Properties();
        producerProperties.putAll(builder.clientProperties);
        producerProperties.putIfAbsent("acks", "all");
        producerProperties.putIfAbsent("enable.idempotence", "true");
        producerProperties.putIfAbsent("linger.ms", "5");
        producerProperties.put("key.serializer", ByteArraySerializer.class.getName());
        producerProperties.put("value.serializer", ByteArraySerializer.class.getName());
        this.topic = builder.topic;
        this.dlqTopic = builder.dlqTopic;
        this.speedFactor = builder.speedFactor;
        this.maxEvents = builder.maxEvents;
        this.expectedTotal = builder.maxEvents > 0 && builder.expectedTotal > 0
                ? Math.min(builder.maxEvents, builder.expectedTotal)
                : builder.maxEvents > 0 ? builder.maxEvents : builder.expectedTotal;
        this.progressOutput = builder.progressOutput;
        this.progressEnabled = builder.progressEnabled;
        this.limits = builder.limits;
        this.sourceName = builder.sourceName;
    }

    /**
     * Starts the settings of a replay to {@code topic}.
     *
     * @param clientProperties Kafka client properties, at least {@code bootstrap.servers}
     */
    public static Builder builder(Properties clientProperties, String topic) {
        return new Builder(clientProperties, topic);
    }

    /**
     * Sends the events, then flushes and closes the producer.
     *
     * @return the counts; events whose send failed are counted as failed, not sent
     */
    public ReplayStats run(Iterator<StorefrontEvent> events) {
        AvroCodec<StorefrontEvent> eventCodec = AvroCodec.of(StorefrontEvent.class);
        AvroCodec<RejectedEvent> rejectionCodec = AvroCodec.of(RejectedEvent.class);
        SendCounter eventSends = new SendCounter();
        SendCounter dlqSends = new SendCounter();
        Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
        ProgressBar progress = new ProgressBar(progressOutput, progressEnabled, expectedTotal);
        long startNanos = System.nanoTime();
        long firstEventMillis = Long.MIN_VALUE;
        long dispatched = 0;

        LOG.info("Replaying events to topic {} at {}, speed factor {}, max events {}",
                topic, producerProperties.get("bootstrap.servers"),
                speedFactor > 0 ? speedFactor : "unlimited", maxEvents > 0 ? maxEvents : "unlimited");
        Properties properties = new Properties();
        properties.putAll(producerProperties);
        properties.putIfAbsent("max.block.ms", String.valueOf(BROKER_WAIT.toMillis()));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
            requireReachable(producer);
            while ((maxEvents <= 0 || dispatched < maxEvents) && events.hasNext()) {
                if (eventSends.failed.get() > 0) {
                    // A failed send means the broker or topic is gone; the rest would fail alike.
                    LOG.error("Stopping the replay after {} events: a send to {} failed", dispatched, topic,
                            eventSends.firstFailure.get());
                    break;
                }
                StorefrontEvent event = events.next();
                long now = System.currentTimeMillis();
                byte[] value;
                try {
                    if (event == null) {
                        throw new InvalidEventException(RejectReason.UNDECODABLE, "the reader yielded no event for a row");
                    }
                    EventValidator.validate(event, limits, now);
                    value = eventCodec.encode(event);
                } catch (InvalidEventException e) {
                    rejected.merge(e.reason(), 1L, Long::sum);
                    sendRejection(producer, rejectionCodec, event, eventCodec, e.reason(), e.detail(), now, dlqSends);
                    continue;
                } catch (RuntimeException e) {
                    // The generated encoder rejects a required field left null.
                    rejected.merge(RejectReason.MISSING_FIELD, 1L, Long::sum);
                    sendRejection(producer, rejectionCodec, event, eventCodec, RejectReason.MISSING_FIELD,
                            "event cannot be encoded: " + e.getMessage(), now, dlqSends);
                    continue;
                }

                long eventMillis = event.getEventTime().toEpochMilli();
                if (firstEventMillis == Long.MIN_VALUE) {
                    firstEventMillis = eventMillis;
                }
                if (!waitUntilDue(startNanos, eventMillis - firstEventMillis)) {
                    LOG.warn("Replay interrupted after {} events", dispatched);
                    break;
                }

                byte[] key = event.getUserId().getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, key, value), eventSends);
                dispatched++;
                progress.update(eventSends.acknowledged.get());
            }
            producer.flush();
        }
        progress.finish(eventSends.acknowledged.get());

        ReplayStats stats = new ReplayStats(
                eventSends.acknowledged.get(), rejected, eventSends.failed.get(), dlqSends.acknowledged.get(),
                Duration.ofNanos(System.nanoTime() - startNanos));
        eventSends.logFailures("event", topic);
        dlqSends.logFailures("dead-letter", dlqTopic);
        LOG.info("Replay to {} finished: {}", topic, stats);
        return stats;
    }

    /**
     * Fails fast with a clear message when the broker does not respond or the topic is missing,
     * instead of blocking on every send.
     */
    private void requireReachable(KafkaProducer<byte[], byte[]> producer) {
        try {
            producer.partitionsFor(topic);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new IllegalStateException("Kafka at " + producerProperties.get("bootstrap.servers")
                    + " did not return metadata for topic " + topic + " within " + BROKER_WAIT.toSeconds()
                    + " s; check that the broker runs and the topic exists", e);
        }
    }

    /** Counts acknowledged and failed sends and keeps the first failure. */
    private static final class SendCounter implements Callback {
        final AtomicLong acknowledged = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<Exception> firstFailure = new AtomicReference<>();

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            if (error == null) {
                acknowledged.incrementAndGet();
            } else if (failed.incrementAndGet() == 1) {
                firstFailure.set(error);
            }
        }

        void logFailures(String kind, String topic) {
            if (firstFailure.get() != null) {
                LOG.error("{} {} sends to topic {} failed; the first failure follows",
                        failed.get(), kind, topic, firstFailure.get());
            }
        }
    }

    private void sendRejection(
            KafkaProducer<byte[], byte[]> producer, AvroCodec<RejectedEvent> rejectionCodec,
            StorefrontEvent event, AvroCodec<StorefrontEvent> eventCodec, RejectReason reason, String detail,
            long now, Callback onSent) {
        if (dlqTopic == null) {
            return;
        }
        byte[] key = event == null || event.getUserId() == null ? null : event.getUserId().getBytes(StandardCharsets.UTF_8);
        byte[] value = null;
        if (event != null) {
            try {
                value = eventCodec.encode(event);
            } catch (RuntimeException e) {
                // An event with a required field left null has no binary form; the detail names the field.
                value = null;
            }
        }
        RawRecord source = new RawRecord(sourceName, -1, -1L, now, key, value);
        RejectedEvent rejection = EventDecoder.rejection(source, reason, detail, now);
        producer.send(new ProducerRecord<>(dlqTopic, null, rejectionCodec.encode(rejection)), onSent);
    }

    /**
     * Sleeps until the wall-clock offset of an event is due at the speed factor.
     *
     * @return false if the thread was interrupted
     */
    private boolean waitUntilDue(long startNanos, long eventOffsetMillis) {
        if (speedFactor <= 0 || eventOffsetMillis <= 0) {
            return !Thread.currentThread().isInterrupted();
        }
        long dueNanos = startNanos + (long) (eventOffsetMillis * 1_000_000.0 / speedFactor);
        long waitNanos = dueNanos - System.nanoTime();
        if (waitNanos <= 0) {
            return true;
        }
        try {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Settings of a replay. */
    public static final class Builder {

        private final Properties clientProperties;
        private final String topic;
        private String dlqTopic;
        private double speedFactor;
        private long maxEvents;
        private long expectedTotal;
        private PrintStream progressOutput = System.err;
        private boolean progressEnabled = System.console() != null;
        private ValidationLimits limits = ValidationLimits.defaults();
        private String sourceName = "replay";

        private Builder(Properties clientProperties, String topic) {
            this.clientProperties = Objects.requireNonNull(clientProperties, "clientProperties");
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("Invalid topic name '" + topic + "': must not be blank");
            }
            this.topic = topic;
        }

        /** Sets the dead-letter topic for bad rows; without one they are only counted. */
        public Builder dlqTopic(String dlqTopic) {
            this.dlqTopic = dlqTopic == null || dlqTopic.isBlank() ? null : dlqTopic;
            return this;
        }

        /** Sets event-time seconds replayed per wall-clock second; 0 (the default) means no pacing. */
        public Builder speedFactor(double speedFactor) {
            if (speedFactor < 0 || Double.isNaN(speedFactor) || Double.isInfinite(speedFactor)) {
                throw new IllegalArgumentException(
                        "Invalid speed factor " + speedFactor + ": expected 0 (no pacing) or a positive number");
            }
            this.speedFactor = speedFactor;
            return this;
        }

        /** Stops after this many valid events; 0 or less (the default) means no limit. */
        public Builder maxEvents(long maxEvents) {
            this.maxEvents = maxEvents;
            return this;
        }

        /** Sets the number of events expected, so that progress shows a percentage. */
        public Builder expectedTotal(long expectedTotal) {
            this.expectedTotal = expectedTotal;
            return this;
        }

        /**
         * Turns the progress line off. By default it shows on stderr only when the JVM has a
         * console ({@link System#console()}), which Java 17 reports when standard input and output
         * are a terminal.
         */
        public Builder quiet(boolean quiet) {
            if (quiet) {
                this.progressEnabled = false;
            }
            return this;
        }

        /** Sends the progress line to {@code out}, shown if {@code enabled}, whether or not a terminal is attached. */
        public Builder progress(PrintStream out, boolean enabled) {
            this.progressOutput = Objects.requireNonNull(out, "out");
            this.progressEnabled = enabled;
            return this;
        }

        /** Sets the validation limits; the defaults are {@link ValidationLimits#defaults()}. */
        public Builder limits(ValidationLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Sets the name written as source topic of dead-letter records, such as the file name. */
        public Builder sourceName(String sourceName) {
            this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
            return this;
        }

        public ReplayProducer build() {
            return new ReplayProducer(this);
        }
    }
}
