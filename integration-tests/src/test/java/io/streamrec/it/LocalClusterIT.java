package io.streamrec.it;

import io.streamrec.jobs.deploy.ClusterSmokeJob;
import io.streamrec.jobs.deploy.ClusterSubmitter;
import io.streamrec.jobs.deploy.JobJars;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.LongSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Starts the local cluster with {@code deploy/local-cluster/start.sh} (a JobManager and a
 * TaskManager as separate JVMs on free 127.0.0.1 ports), submits {@link ClusterSmokeJob} through
 * {@link ClusterSubmitter}, checks its result and its state backend over the REST API, and stops
 * the cluster with {@code stop.sh}. A second run reads its numbers from a Kafka broker started as
 * its own JVM, which loads the shipped Kafka connector on the TaskManager. A third test stops a
 * Kafka-fed run with a savepoint and restores its keyed state in a new job. Skips when the build
 * output ({@code jobs/target/lib}) is absent.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class LocalClusterIT {

    private static final long RECORDS = 20_000;
    private static final int KEYS = 10;
    private static final long KAFKA_RECORDS = 5_000;
    private static final String KAFKA_TOPIC = "streamrec-smoke";
    private static final String RESTORE_TOPIC = "streamrec-smoke-restore";
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(200);
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(180);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Path root;
    private static Path clusterDir;
    private static int restPort;
    private static boolean started;

    @BeforeAll
    static void startCluster() throws Exception {
        root = findCheckoutRoot();
        Path jobsTarget = root.resolve("jobs/target");
        assumeTrue(Files.isDirectory(jobsTarget.resolve("lib")),
                "Skipping: " + jobsTarget.resolve("lib") + " is absent; build with mvn -DskipTests -pl jobs -am package");

        clusterDir = root.resolve("integration-tests/target/local-cluster-it");
        deleteLogs(clusterDir.resolve("log"));
        restPort = freePort();
        int exit = runScript("start.sh", Map.of(
                "STREAMREC_REST_PORT", Integer.toString(restPort),
                "STREAMREC_RPC_PORT", Integer.toString(freePort()),
                "STREAMREC_CLUSTER_START_TIMEOUT", "150"));
        started = true;
        assertEquals(0, exit, "start.sh failed; see " + clusterDir.resolve("start.out") + " and " + clusterDir.resolve("log"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (started) {
            assertEquals(0, runScript("stop.sh", Map.of()), "stop.sh failed; see " + clusterDir.resolve("stop.out"));
        }
    }

    @Test
    void smokeJobFinishesOnRocksDb() throws Exception {
        JobJars jars = JobJars.fromBuildOutput(root.resolve("jobs/target"));
        Configuration options = new Configuration();
        options.set(ClusterSmokeJob.RECORDS, RECORDS);
        options.set(ClusterSmokeJob.KEYS, KEYS);
        StreamExecutionEnvironment env =
                ClusterSubmitter.remoteEnvironment("127.0.0.1:" + restPort, options, jars);
        env.setParallelism(2);
        ClusterSmokeJob.build(env, options);

        JobClient client = env.executeAsync(ClusterSmokeJob.JOB_NAME);
        JobExecutionResult result =
                client.getJobExecutionResult().get(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        String jobId = client.getJobID().toHexString();

        assertEquals(expectedCountSum(RECORDS, KEYS), ClusterSmokeJob.countSum(result));
        assertEquals("FINISHED", getJson("/jobs/" + jobId).path("state").asText());
        JsonNode checkpointConfig = getJson("/jobs/" + jobId + "/checkpoints/config");
        assertEquals("EmbeddedRocksDBStateBackend", checkpointConfig.path("state_backend").asText());
        JsonNode checkpoints = getJson("/jobs/" + jobId + "/checkpoints");
        assertTrue(checkpoints.path("counts").path("completed").asInt() >= 1, checkpoints.toString());
    }

    @Test
    void kafkaConnectorIsShippedNotProvided() throws Exception {
        JobJars jars = JobJars.fromBuildOutput(root.resolve("jobs/target"));
        List<String> shipped = jars.shipped().stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(shipped.stream().anyMatch(n -> n.startsWith("flink-connector-kafka-")), shipped.toString());
        assertTrue(shipped.stream().anyMatch(n -> n.startsWith("kafka-clients-")), shipped.toString());

        // The TaskManager logs its classpath at startup; the connector must not be on it.
        String taskManagerLog = Files.readString(clusterDir.resolve("log/taskmanager.log"));
        int classpathAt = taskManagerLog.indexOf("Classpath: ");
        assertTrue(classpathAt >= 0, "TaskManager log has no Classpath line");
        String classpath = taskManagerLog.substring(classpathAt, taskManagerLog.indexOf('\n', classpathAt));
        assertTrue(classpath.contains("flink-runtime-"), classpath);
        assertFalse(classpath.contains("flink-connector-kafka-"), classpath);
        assertFalse(classpath.contains("kafka-clients-"), classpath);
    }

    @Test
    void kafkaSmokeJobUsesShippedConnector() throws Exception {
        Path kafkaDir = clusterDir.resolve("kafka");
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(
                root.resolve("jobs/target/lib"), kafkaDir, freePort(), freePort())) {
            try (Admin admin = Admin.create(broker.clientConfig())) {
                admin.createTopics(List.of(new NewTopic(KAFKA_TOPIC, 2, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            produceNumbers(broker.bootstrapServers(), KAFKA_TOPIC, 1, KAFKA_RECORDS);

            Configuration options = new Configuration();
            options.set(ClusterSmokeJob.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers());
            options.set(ClusterSmokeJob.KAFKA_TOPIC, KAFKA_TOPIC);
            options.set(ClusterSmokeJob.KEYS, KEYS);
            StreamExecutionEnvironment env = ClusterSubmitter.remoteEnvironment(
                    "127.0.0.1:" + restPort, options, JobJars.fromBuildOutput(root.resolve("jobs/target")));
            env.setParallelism(2);
            ClusterSmokeJob.build(env, options);

            JobClient client = env.executeAsync(ClusterSmokeJob.JOB_NAME + "-kafka");
            JobExecutionResult result =
                    client.getJobExecutionResult().get(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            assertEquals(expectedCountSum(KAFKA_RECORDS, KEYS), ClusterSmokeJob.countSum(result));
            assertEquals("FINISHED", getJson("/jobs/" + client.getJobID().toHexString()).path("state").asText());
        }
    }

    @Test
    void savepointRestoreKeepsKeyedState() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(
                root.resolve("jobs/target/lib"), clusterDir.resolve("kafka-restore"), freePort(), freePort())) {
            try (Admin admin = Admin.create(broker.clientConfig())) {
                admin.createTopics(List.of(new NewTopic(RESTORE_TOPIC, 2, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            JobJars jars = JobJars.fromBuildOutput(root.resolve("jobs/target"));

            // First run: unbounded; stopped with a savepoint once it has counted the first half.
            produceNumbers(broker.bootstrapServers(), RESTORE_TOPIC, 1, KAFKA_RECORDS);
            Configuration firstOptions = restoreOptions(broker);
            firstOptions.set(ClusterSmokeJob.KAFKA_BOUNDED, false);
            StreamExecutionEnvironment firstEnv =
                    ClusterSubmitter.remoteEnvironment("127.0.0.1:" + restPort, firstOptions, jars);
            firstEnv.setParallelism(2);
            ClusterSmokeJob.build(firstEnv, firstOptions);
            JobClient first = firstEnv.executeAsync(ClusterSmokeJob.JOB_NAME + "-restore-1");
            String savepoint;
            try {
                awaitCountSum(first.getJobID().toHexString(), expectedCountSum(KAFKA_RECORDS, KEYS));
                // A null folder takes the cluster's execution.checkpointing.savepoint-dir from start.sh.
                savepoint = first.stopWithSavepoint(false, null, SavepointFormatType.CANONICAL)
                        .get(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception | AssertionError e) {
                first.cancel().get(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                throw e;
            }
            assertTrue(savepoint.contains(clusterDir.resolve("state/savepoints").toString()), savepoint);

            // Second run: restored from the savepoint after the second half was written. It stays
            // unbounded because the restored Kafka splits keep the first run's (absent) stopping offsets.
            produceNumbers(broker.bootstrapServers(), RESTORE_TOPIC, KAFKA_RECORDS + 1, 2 * KAFKA_RECORDS);
            Configuration secondOptions = restoreOptions(broker);
            secondOptions.set(ClusterSmokeJob.KAFKA_BOUNDED, false);
            secondOptions.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            StreamExecutionEnvironment secondEnv =
                    ClusterSubmitter.remoteEnvironment("127.0.0.1:" + restPort, secondOptions, jars);
            secondEnv.setParallelism(2);
            ClusterSmokeJob.build(secondEnv, secondOptions);
            JobClient second = secondEnv.executeAsync(ClusterSmokeJob.JOB_NAME + "-restore-2");
            try {
                // Restored counts continue from the first run's, so only the second half's counts add up.
                awaitCountSum(second.getJobID().toHexString(),
                        expectedCountSum(2 * KAFKA_RECORDS, KEYS, KAFKA_RECORDS + 1));
            } finally {
                second.cancel().get(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    private static Configuration restoreOptions(KafkaBrokerProcess broker) {
        Configuration options = new Configuration();
        options.set(ClusterSmokeJob.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers());
        options.set(ClusterSmokeJob.KAFKA_TOPIC, RESTORE_TOPIC);
        options.set(ClusterSmokeJob.KEYS, KEYS);
        return options;
    }

    /** Writes the numbers first..last as 8-byte long values, keyed by themselves, and waits for every ack. */
    private static void produceNumbers(String bootstrapServers, String topic, long first, long last) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all");
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<Long, Long> producer =
                new KafkaProducer<>(config, new LongSerializer(), new LongSerializer())) {
            for (long n = first; n <= last; n++) {
                acks.add(producer.send(new ProducerRecord<>(topic, n, n)));
            }
            producer.flush();
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
        }
    }

    /** Counts records per key in a plain map and sums every new count, as the job should. */
    private static long expectedCountSum(long records, int keys) {
        return expectedCountSum(records, keys, 1);
    }

    /**
     * Counts the records 1..records per key in a plain map, and sums the new counts of the
     * records from {@code firstSummed} on: what a run restored after record firstSummed - 1 emits.
     */
    private static long expectedCountSum(long records, int keys, long firstSummed) {
        Map<Long, Long> counts = new HashMap<>();
        long sum = 0;
        for (long n = 1; n <= records; n++) {
            long count = counts.merge(n % keys, 1L, Long::sum);
            if (n >= firstSummed) {
                sum += count;
            }
        }
        return sum;
    }

    /** Polls the running job's accumulator over REST until it equals {@code expected}. */
    private static void awaitCountSum(String jobId, long expected) throws Exception {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            for (JsonNode accumulator : getJson("/jobs/" + jobId + "/accumulators").path("user-task-accumulators")) {
                if (ClusterSmokeJob.COUNT_SUM_ACCUMULATOR.equals(accumulator.path("name").asText())) {
                    last = Long.parseLong(accumulator.path("value").asText());
                }
            }
            if (last == expected) {
                return;
            }
            Thread.sleep(500);
        }
        fail("Accumulator " + ClusterSmokeJob.COUNT_SUM_ACCUMULATOR + " of job " + jobId + " is " + last
                + " after " + JOB_TIMEOUT + ", expected " + expected);
    }

    private static JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), "GET " + path + " returned " + response.body());
        return JSON.readTree(response.body());
    }

    private static int runScript(String script, Map<String, String> extraEnv) throws Exception {
        Files.createDirectories(clusterDir);
        String name = script.replace(".sh", "");
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("deploy/local-cluster/" + script).toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(clusterDir.resolve(name + ".out").toFile());
        builder.environment().put("STREAMREC_CLUSTER_DIR", clusterDir.toString());
        builder.environment().putAll(extraEnv);

        Process process = builder.start();
        if (!process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(script + " did not finish within " + SCRIPT_TIMEOUT + "; see " + clusterDir.resolve(name + ".out"));
        }
        return process.exitValue();
    }

    /** Deletes the logs of an earlier run, so the checks read this run's TaskManager log. */
    private static void deleteLogs(Path logDir) throws IOException {
        if (!Files.isDirectory(logDir)) {
            return;
        }
        try (var files = Files.list(logDir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }

    private static Path findCheckoutRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("deploy/local-cluster/start.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("deploy/local-cluster/start.sh not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
