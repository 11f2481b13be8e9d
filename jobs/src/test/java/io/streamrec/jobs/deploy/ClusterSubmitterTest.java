package io.streamrec.jobs.deploy;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.RemoteStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterSubmitterTest {

    @Test
    void remoteEnvironmentTargetsAddressWithShippedJars(@TempDir Path target) throws IOException {
        JobJars jars = fakeBuild(target);

        StreamExecutionEnvironment env =
                ClusterSubmitter.remoteEnvironment("127.0.0.1:18081", new Configuration(), jars);

        RemoteStreamEnvironment remote = assertInstanceOf(RemoteStreamEnvironment.class, env);
        assertEquals("127.0.0.1", remote.getHost());
        assertEquals(18081, remote.getPort());
        assertFalse(env.getConfiguration().get(PipelineOptions.AUTO_GENERATE_UIDS));
        List<String> shippedJars = env.getConfiguration().get(PipelineOptions.JARS);
        assertEquals(2, shippedJars.size(), shippedJars.toString());
        assertTrue(shippedJars.get(0).endsWith("streamrec-jobs-0.1.0-SNAPSHOT.jar"), shippedJars.toString());
        assertTrue(shippedJars.get(1).endsWith("kafka-clients-4.2.2.jar"), shippedJars.toString());
    }

    @Test
    void explicitUidSettingIsKept(@TempDir Path target) throws IOException {
        Configuration config = new Configuration();
        config.set(PipelineOptions.AUTO_GENERATE_UIDS, true);

        StreamExecutionEnvironment env =
                ClusterSubmitter.remoteEnvironment("127.0.0.1:18081", config, fakeBuild(target));

        assertTrue(env.getConfiguration().get(PipelineOptions.AUTO_GENERATE_UIDS));
    }

    @Test
    void invalidAddressIsRejected(@TempDir Path target) throws IOException {
        JobJars jars = fakeBuild(target);
        assertThrows(IllegalArgumentException.class,
                () -> ClusterSubmitter.remoteEnvironment("127.0.0.1", new Configuration(), jars));
    }

    @Test
    void missingConfigYamlIsRejected(@TempDir Path confDir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClusterSubmitter.loadFlinkConfiguration(confDir));
        assertTrue(e.getMessage().contains("config.yaml"), e.getMessage());
    }

    /** Creates a build folder with empty but valid jars, which RemoteStreamEnvironment opens. */
    private static JobJars fakeBuild(Path target) throws IOException {
        Path lib = Files.createDirectories(target.resolve("lib"));
        writeEmptyJar(target.resolve("streamrec-jobs-0.1.0-SNAPSHOT.jar"));
        writeEmptyJar(lib.resolve("kafka-clients-4.2.2.jar"));
        writeEmptyJar(lib.resolve("flink-runtime-2.2.1.jar"));
        return JobJars.fromBuildOutput(target);
    }

    private static void writeEmptyJar(Path path) throws IOException {
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(path), new Manifest())) {
            jar.flush();
        }
    }
}
