package io.streamrec.jobs.deploy;

import io.streamrec.topics.TopicSpec;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks deploy/kubernetes/kafka-topics.yaml against the topic registry. */
class KubernetesTopicsTest {

    private static final String TOPICS_FILE = "deploy/kubernetes/kafka-topics.yaml";

    @Test
    void manifestDeclaresEveryRegistryTopic() throws IOException {
        Map<String, Map<String, Object>> topics = readTopics();

        for (TopicSpec spec : TopicSpec.values()) {
            Map<String, Object> topic = topics.get(spec.defaultName());
            assertNotNull(topic, "no KafkaTopic named " + spec.defaultName() + " in " + TOPICS_FILE);

            String expectedPolicy = spec.compacted() ? "compact" : "delete";
            assertEquals(expectedPolicy, cleanupPolicy(topic), "cleanup.policy of " + spec.defaultName());
        }
        assertEquals(TopicSpec.values().length, topics.size(), "topics in " + TOPICS_FILE + ": " + topics.keySet());
    }

    /** Reads every KafkaTopic document, keyed by metadata.name. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> readTopics() throws IOException {
        String yaml = Files.readString(findCheckoutRoot().resolve(TOPICS_FILE));
        Load load = new Load(LoadSettings.builder().build());

        Map<String, Map<String, Object>> topics = new HashMap<>();
        for (Object document : load.loadAllFromString(yaml)) {
            Map<String, Object> resource = (Map<String, Object>) document;
            assertEquals("KafkaTopic", resource.get("kind"));
            Map<String, Object> metadata = (Map<String, Object>) resource.get("metadata");
            Map<String, Object> previous = topics.put((String) metadata.get("name"), resource);
            assertTrue(previous == null, "duplicate KafkaTopic " + metadata.get("name"));
        }
        return topics;
    }

    /** Returns the topic's cleanup.policy, or Kafka's default "delete" when the manifest leaves it out. */
    @SuppressWarnings("unchecked")
    private static String cleanupPolicy(Map<String, Object> topic) {
        Map<String, Object> spec = (Map<String, Object>) topic.get("spec");
        Map<String, Object> config = (Map<String, Object>) spec.getOrDefault("config", Map.of());
        return (String) config.getOrDefault("cleanup.policy", "delete");
    }

    private static Path findCheckoutRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve(TOPICS_FILE))) {
            dir = dir.getParent();
        }
        assertNotNull(dir, TOPICS_FILE + " not found above " + Path.of("").toAbsolutePath());
        return dir;
    }
}
