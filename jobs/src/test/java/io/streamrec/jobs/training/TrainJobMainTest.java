package io.streamrec.jobs.training;

import io.streamrec.connectors.kafka.KafkaOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainJobMainTest {

    @Test
    void kafkaWiringHasSourceDecoderAndSinks() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration options = new Configuration();
        options.set(KafkaOptions.BOOTSTRAP_SERVERS, "127.0.0.1:1");

        TrainJobMain.wire(env, options);

        StreamGraph graph = env.getStreamGraph();
        Set<String> uids = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (StreamNode node : graph.getStreamNodes()) {
            assertNotNull(node.getTransformationUID(), "no uid on " + node.getOperatorName());
            uids.add(node.getTransformationUID());
            names.add(node.getOperatorName());
        }
        for (String uid : List.of(TrainJobMain.SOURCE_UID, TrainJobMain.DECODE_UID, TrainJob.VALIDATE_UID, TrainJob.TRAIN_UID)) {
            assertTrue(uids.contains(uid), uid + " in " + uids);
        }
        for (String sink : List.of("Model updates", "Training metrics", "Rejected training examples",
                "undecodable training examples")) {
            assertTrue(names.stream().anyMatch(name -> name.startsWith(sink)), sink + " in " + names);
        }
    }

    @Test
    void invalidTrainOptionFailsWiring() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration options = new Configuration();
        options.set(TrainOptions.ALPHA, -1.0);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainJobMain.wire(env, options));

        assertTrue(e.getMessage().contains("train.alpha"), e.getMessage());
    }
}
