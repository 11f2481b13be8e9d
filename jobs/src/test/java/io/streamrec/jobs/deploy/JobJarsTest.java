package io.streamrec.jobs.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobJarsTest {

    @Test
    void flinkRuntimeJarsAreProvidedByCluster() {
        assertTrue(JobJars.isProvidedByCluster("flink-runtime-2.2.1.jar"));
        assertTrue(JobJars.isProvidedByCluster("flink-statebackend-rocksdb-2.2.1.jar"));
        assertTrue(JobJars.isProvidedByCluster("frocksdbjni-8.10.0-ververica-1.0.jar"));
        assertTrue(JobJars.isProvidedByCluster("log4j-core-2.25.3.jar"));
        assertTrue(JobJars.isProvidedByCluster("commons-compress-1.28.0.jar"));
    }

    @Test
    void connectorAndApplicationJarsAreShipped() {
        assertFalse(JobJars.isProvidedByCluster("flink-connector-kafka-5.0.0-2.2.jar"));
        assertFalse(JobJars.isProvidedByCluster("flink-connector-base-2.2.1.jar"));
        assertFalse(JobJars.isProvidedByCluster("flink-avro-2.2.1.jar"));
        assertFalse(JobJars.isProvidedByCluster("kafka-clients-4.2.2.jar"));
        assertFalse(JobJars.isProvidedByCluster("avro-1.12.2.jar"));
        assertFalse(JobJars.isProvidedByCluster("jackson-databind-2.22.1.jar"));
        assertFalse(JobJars.isProvidedByCluster("streamrec-connectors-0.1.0-SNAPSHOT.jar"));
    }

    @Test
    void buildOutputSplitsIntoShippedAndCluster(@TempDir Path target) throws IOException {
        Path lib = Files.createDirectories(target.resolve("lib"));
        Path jobsJar = Files.createFile(target.resolve("streamrec-jobs-0.1.0-SNAPSHOT.jar"));
        Files.createFile(target.resolve("streamrec-jobs-0.1.0-SNAPSHOT-tests.jar"));
        Path kafkaConnector = Files.createFile(lib.resolve("flink-connector-kafka-5.0.0-2.2.jar"));
        Path kafkaClients = Files.createFile(lib.resolve("kafka-clients-4.2.2.jar"));
        Path schemas = Files.createFile(lib.resolve("streamrec-schemas-0.1.0-SNAPSHOT.jar"));
        Path runtime = Files.createFile(lib.resolve("flink-runtime-2.2.1.jar"));
        Path rocksdb = Files.createFile(lib.resolve("frocksdbjni-8.10.0-ververica-1.0.jar"));
        Files.createFile(lib.resolve("README.txt"));

        JobJars jars = JobJars.fromBuildOutput(target);

        assertEquals(jobsJar, jars.jobsJar());
        assertEquals(List.of(jobsJar, kafkaConnector, kafkaClients, schemas), jars.shipped());
        assertEquals(List.of(runtime, rocksdb), jars.clusterClasspath());
    }

    @Test
    void missingLibFolderIsRejected(@TempDir Path target) {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> JobJars.fromBuildOutput(target));
        assertTrue(e.getMessage().contains("mvn -B -DskipTests -pl jobs -am package"), e.getMessage());
    }

    @Test
    void missingJobsJarIsRejected(@TempDir Path target) throws IOException {
        Files.createDirectories(target.resolve("lib"));
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> JobJars.fromBuildOutput(target));
        assertTrue(e.getMessage().contains("streamrec-jobs-"), e.getMessage());
    }
}
