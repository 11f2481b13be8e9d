package io.streamrec.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A single-node KRaft Kafka broker (combined broker and controller) run as its own JVM with
 * {@code kafka.Kafka} from the jars in {@code jobs/target/lib}, listening on 127.0.0.1 only.
 * {@link #close()} ends exactly that process.
 */
final class KafkaBrokerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final String bootstrapServers;

    private KafkaBrokerProcess(Process process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Deletes {@code dir} if present, formats a new log folder in it, starts the broker on the given ports and waits until
     * an admin client can describe the cluster.
     *
     * @throws IllegalStateException if formatting fails or the broker is not ready in 90 seconds
     */
    static KafkaBrokerProcess start(Path libDir, Path dir, int brokerPort, int controllerPort) throws Exception {
        deleteRecursively(dir);
        Files.createDirectories(dir);
        String bootstrapServers = "127.0.0.1:" + brokerPort;
        Path properties = dir.resolve("server.properties");
        Files.writeString(properties, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://" + bootstrapServers + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + bootstrapServers,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                ""));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = libDir.resolve("*").toString();

        Process format = new ProcessBuilder(java, "-cp", classpath, "kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", properties.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("format.out").toFile())
                .start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException("Formatting the Kafka log folder failed; see " + dir.resolve("format.out"));
        }

        Process broker = new ProcessBuilder(java, "-Xmx512m", "-cp", classpath, "kafka.Kafka", properties.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("broker.out").toFile())
                .start();
        KafkaBrokerProcess started = new KafkaBrokerProcess(broker, bootstrapServers);
        try {
            started.awaitReady(dir);
        } catch (Exception e) {
            started.close();
            throw e;
        }
        return started;
    }

    /** Returns {@code 127.0.0.1:<port>} for {@code bootstrap.servers}. */
    String bootstrapServers() {
        return bootstrapServers;
    }

    /** Returns admin client settings for this broker. */
    Map<String, Object> clientConfig() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }

    private void awaitReady(Path dir) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker exited with " + process.exitValue()
                        + "; see " + dir.resolve("broker.out"));
            }
            try (Admin admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000))) {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (Exception notReadyYet) {
                Thread.sleep(1000);
            }
        }
        throw new IllegalStateException("Kafka broker not ready within " + START_TIMEOUT + "; see " + dir.resolve("broker.out"));
    }

    /** Ends the broker process with SIGTERM, then SIGKILL after 30 seconds. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
