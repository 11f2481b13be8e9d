package io.streamrec.jobs.config;

import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecommendConfigLoaderTest {

    @TempDir
    Path folder;

    @Test
    void yamlNestedKeysFlattened() throws Exception {
        Path file = folder.resolve("job.yaml");
        Files.writeString(file, """
                recommend:
                  list-size: 7
                popularity.half-life: 2 h
                """);

        Configuration conf = RecommendConfigLoader.load("--config", file.toString());

        assertEquals(7, conf.get(RecommendOptions.LIST_SIZE));
        assertEquals(Duration.ofHours(2), conf.get(RecommendOptions.POPULARITY_HALF_LIFE));
    }

    @Test
    void laterArgumentWins() throws Exception {
        Path file = folder.resolve("job.properties");
        Files.writeString(file, "recommend.list-size=7\ncooccurrence.neighbours=9\n");

        Configuration conf = RecommendConfigLoader.load(
                "--config", file.toString(), "--recommend.list-size", "8", "-Dcooccurrence.neighbours=11");

        assertEquals(8, conf.get(RecommendOptions.LIST_SIZE));
        assertEquals(11, conf.get(RecommendOptions.NEIGHBOURS));
    }

    @Test
    void missingFileNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecommendConfigLoader.load("--config", folder.resolve("absent.yaml").toString()));

        assertTrue(e.getMessage().startsWith("Configuration file not found: "), e.getMessage());
    }

    @Test
    void strayArgumentRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecommendConfigLoader.load("list-size"));

        assertEquals("Invalid argument 'list-size': expected --config FILE, --key value or -Dkey=value.",
                e.getMessage());
    }
}
