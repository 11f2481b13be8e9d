package io.streamrec.connectors.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.PreboundSocketFactoryManager;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in this JVM: one KRaft node acting as both controller and broker,
 * started with Kafka's {@link KafkaClusterTestKit}. It listens on 127.0.0.1 only and keeps its
 * logs in a temporary folder deleted on {@link #close()} or at JVM exit. It is configured for
 * transactions on one node (replication factor and minimum ISR 1 for the internal topics).
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {           // a free port
 *     Properties props = kafka.clientProperties();              // bootstrap.servers=127.0.0.1:<port>
 *     ...
 * }
 * EmbeddedKafka demo = EmbeddedKafka.builder().port(9092).start();
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** The only address the broker and its controller listen on. */
    public static final String HOST = "127.0.0.1";

    private final KafkaClusterTestKit cluster;
    private final Path logDir;
    private final String bootstrapServers;
    private final Thread shutdownHook;
    private boolean closed;

    private EmbeddedKafka(KafkaClusterTestKit cluster, Path logDir) {
        this.cluster = cluster;
        this.logDir = logDir;
        // The kit names the broker "localhost"; the listener is bound to HOST, so name that instead.
        String kitServers = cluster.bootstrapServers();
        this.bootstrapServers = HOST + kitServers.substring(kitServers.lastIndexOf(':'));
        // Stops the broker and deletes its logs when the JVM exits without close(), as on Ctrl-C.
        this.shutdownHook = new Thread(this::stop, "embedded-kafka-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a broker on a free port with the default settings. */
    public static EmbeddedKafka start() throws IOException {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Returns the {@code host:port} to put in {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Returns the temporary folder of the broker's logs, deleted on {@link #close()}. */
    public Path logDir() {
        return logDir;
    }

    /** Returns the TCP port of the broker listener. */
    public int port() {
        return Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1));
    }

    /** Returns client properties with {@code bootstrap.servers} set, to add client settings to. */
    public Properties clientProperties() {
        Properties properties = new Properties();
        properties.setProperty("bootstrap.servers", bootstrapServers);
        return properties;
    }

    /** Stops the broker and deletes its log folder. Calling it again does nothing. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shutdownInProgress) {
            // The hook runs or has run stop() itself.
        }
        stop();
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.warn("Embedded Kafka broker at {} did not stop cleanly", bootstrapServers, e);
        }
        deleteRecursively(logDir);
        LOG.info("Embedded Kafka broker at {} stopped", bootstrapServers);
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("Could not delete the embedded broker's log folder {}", root, e);
        }
    }

    /** Settings of an embedded broker. */
    public static final class Builder {

        private int port;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();

        private Builder() {
            brokerProperties.put("offsets.topic.replication.factor", "1");
            brokerProperties.put("offsets.topic.num.partitions", "1");
            brokerProperties.put("transaction.state.log.replication.factor", "1");
            brokerProperties.put("transaction.state.log.min.isr", "1");
            brokerProperties.put("transaction.state.log.num.partitions", "1");
            brokerProperties.put("group.initial.rebalance.delay.ms", "0");
        }

        /** Sets the broker port; 0 (the default) picks a free one. Use 9092 for the demo. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Invalid port " + port + ": expected 0 to 65535");
            }
            this.port = port;
            return this;
        }

        /** Sets a broker configuration property, overriding the single-node defaults. */
        public Builder brokerProperty(String key, String value) {
            brokerProperties.put(key, value);
            return this;
        }

        /**
         * Formats a fresh log folder and starts the broker; returns once it accepts clients.
         *
         * @throws IOException if the log folder cannot be created or the broker fails to start,
         *     for example because the port is taken
         */
        public EmbeddedKafka start() throws IOException {
            if (port != 0) {
                checkPortFree(port);
            }
            Path logDir = Files.createTempDirectory("streamrec-kafka-");
            KafkaClusterTestKit cluster = null;
            try {
                TestKitNodes nodes = new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBaseDirectory(logDir)
                        .build();
                String brokerListener = nodes.brokerListenerName().value();
                String controllerListener = nodes.controllerListenerName().value();

                KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(true);
                bindListenersToLoopback(builder, Map.of(brokerListener, port));
                builder.setConfigProp("listeners",
                        brokerListener + "://" + HOST + ":" + port + "," + controllerListener + "://" + HOST + ":0");
                brokerProperties.forEach(builder::setConfigProp);

                cluster = builder.build();
                formatQuietly(cluster);
                cluster.startup();
                cluster.waitForReadyBrokers();
                EmbeddedKafka kafka = new EmbeddedKafka(cluster, logDir);
                LOG.info("Embedded Kafka broker started at {}, logs in {}", kafka.bootstrapServers(), logDir);
                return kafka;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeQuietly(cluster);
                deleteRecursively(logDir);
                throw new IOException("Interrupted while starting the embedded Kafka broker", e);
            } catch (Exception e) {
                closeQuietly(cluster);
                deleteRecursively(logDir);
                throw new IOException("Failed to start the embedded Kafka broker on " + HOST + ":" + port
                        + ": " + e.getMessage(), e);
            }
        }

        /** Fails before any broker work, with a message that names the port, if the port is taken. */
        private static void checkPortFree(int port) throws IOException {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(HOST, port));
            } catch (IOException e) {
                throw new IOException("Cannot start the embedded Kafka broker: port " + port + " on " + HOST
                        + " is in use; stop what uses it or choose another port", e);
            }
        }

        /**
         * Formats the node's storage, logging at DEBUG what Kafka's storage formatter prints to
         * standard output, so that a command-line demo shows only its own output.
         */
        private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream original = System.out;
            // NOTE: while this swap lasts, other threads' standard output goes to the DEBUG log too.
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                cluster.format();
            } finally {
                System.setOut(original);
            }
            LOG.debug("Kafka storage format output: {}", captured.toString(StandardCharsets.UTF_8).strip());
        }

        private static void closeQuietly(KafkaClusterTestKit cluster) {
            if (cluster == null) {
                return;
            }
            try {
                cluster.close();
            } catch (Exception e) {
                LOG.warn("Embedded Kafka broker did not stop cleanly after a failed start", e);
            }
        }

        /**
         * Replaces the test kit's socket manager, which pre-binds the listeners on every interface
         * and on free ports, with one that binds 127.0.0.1 and the requested broker port. The kit
         * offers no setter, so this uses reflection on the private field
         * {@code socketFactoryManager} of kafka-test-common-runtime 4.2.2.
         */
        private static void bindListenersToLoopback(KafkaClusterTestKit.Builder builder, Map<String, Integer> ports) {
            try {
                Field field = KafkaClusterTestKit.Builder.class.getDeclaredField("socketFactoryManager");
                field.setAccessible(true);
                PreboundSocketFactoryManager original = (PreboundSocketFactoryManager) field.get(builder);
                field.set(builder, new LoopbackSocketFactoryManager(HOST, ports));
                original.close();
            } catch (Exception e) {
                // NOTE: with another test kit version the listeners may bind all interfaces and free ports.
                LOG.warn("Could not bind the embedded broker's listeners to {}; they may listen on all interfaces",
                        HOST, e);
            }
        }
    }
}
