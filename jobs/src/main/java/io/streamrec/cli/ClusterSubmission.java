package io.streamrec.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Builds an environment that submits to a remote Flink cluster, shipping the streamrec jars and
 * the dependencies a Flink cluster does not have (Kafka connector and client, Avro, Jackson...).
 */
final class ClusterSubmission {

    private ClusterSubmission() {}

    static StreamExecutionEnvironment remoteEnvironment(String jobManager, Configuration configuration) throws IOException {
        int colon = jobManager.lastIndexOf(':');
        if (colon <= 0 || colon == jobManager.length() - 1) {
            throw new IllegalArgumentException("Invalid value '" + jobManager
                    + "' for option '--jobmanager': expected HOST:PORT, such as 127.0.0.1:8081.");
        }
        String host = jobManager.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(jobManager.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value '" + jobManager
                    + "' for option '--jobmanager': the port is not a number.");
        }
        String[] jars = shippedJars().stream().map(Path::toString).toArray(String[]::new);
        return StreamExecutionEnvironment.createRemoteEnvironment(host, port, configuration, jars);
    }

    /** The jobs jar and every jar of its lib folder that is not part of Flink itself. */
    static List<Path> shippedJars() throws IOException {
        String home = System.getProperty("streamrec.home");
        if (home == null) {
            throw new IllegalStateException("System property streamrec.home is not set; run through bin/streamrec.");
        }
        Path target = Path.of(home, "jobs", "target");
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(target)) {
            files.filter(p -> p.getFileName().toString().matches("streamrec-jobs-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().endsWith("-tests.jar"))
                    .forEach(jars::add);
        }
        try (Stream<Path> files = Files.list(target.resolve("lib"))) {
            files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .filter(p -> !isProvidedByFlink(p.getFileName().toString()))
                    .sorted()
                    .forEach(jars::add);
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException("No jars found under " + target + File.separator + "; build first.");
        }
        return jars;
    }

    /** Flink's own jars and its logging are on every cluster's classpath already. */
    private static boolean isProvidedByFlink(String jar) {
        boolean flinkConnector = jar.startsWith("flink-connector-kafka") || jar.startsWith("flink-connector-base")
                || jar.startsWith("flink-avro");
        return !flinkConnector && (jar.startsWith("flink-") || jar.startsWith("log4j-") || jar.startsWith("slf4j-")
                || jar.startsWith("scala-") || jar.startsWith("frocksdbjni"));
    }
}
