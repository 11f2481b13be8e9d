package io.streamrec.jobs.recommend;

import io.streamrec.connectors.codec.EventDecoder;
import io.streamrec.connectors.codec.RawRecord;
import io.streamrec.connectors.kafka.KafkaOptions;
import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.jobs.evaluation.EvaluationPipeline;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.streamrec.jobs.recommend.TestData.T0;
import static io.streamrec.jobs.recommend.TestData.avroRecord;
import static io.streamrec.jobs.recommend.TestData.textRecord;
import static io.streamrec.jobs.recommend.TestData.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecommendJobTest {

    @Test
    void environmentUsesRocksDbAndCheckpoints() {
        Configuration options = new Configuration();
        options.set(RecommendOptions.CHECKPOINT_DIR, "file:///tmp/test-checkpoints");
        options.set(RecommendOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(7));

        Configuration flink = RecommendJob.environmentConfiguration(options);

        assertEquals("rocksdb", flink.get(StateBackendOptions.STATE_BACKEND));
        assertEquals("file:///tmp/test-checkpoints", flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY));
        assertEquals(Duration.ofSeconds(7), flink.get(CheckpointingOptions.CHECKPOINTING_INTERVAL));
        assertFalse(flink.get(PipelineOptions.AUTO_GENERATE_UIDS));
    }

    @Test
    void everyOperatorNamedWithUid() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        RecommendJob.build(env, input(env), sinks(), new Configuration());

        StreamGraph graph = env.getStreamGraph();
        Set<String> uids = graph.getStreamNodes().stream()
                .map(StreamNode::getTransformationUID)
                .collect(Collectors.toSet());

        for (StreamNode node : graph.getStreamNodes()) {
            assertNotNull(node.getTransformationUID(), "no uid on " + node.getOperatorName());
        }
        for (String uid : List.of(RecommendJob.PARSE_UID, RecommendJob.WATERMARKS_UID, RecommendJob.PROFILE_UID,
                RecommendJob.COOCCURRENCE_UID, RecommendJob.POPULARITY_UID, RecommendJob.USER_ORDER_UID,
                RecommendJob.RANKING_UID)) {
            assertTrue(uids.contains(uid), uid);
        }
    }

    @Test
    void kafkaWiringReadsUpdatesAndWritesEveryOutput() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration options = new Configuration();
        options.set(KafkaOptions.BOOTSTRAP_SERVERS, "127.0.0.1:1");

        RecommendStreams streams = RecommendJobMain.wire(env, options);

        StreamGraph graph = env.getStreamGraph();
        Set<String> uids = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (StreamNode node : graph.getStreamNodes()) {
            assertNotNull(node.getTransformationUID(), "no uid on " + node.getOperatorName());
            uids.add(node.getTransformationUID());
            names.add(node.getOperatorName());
        }
        for (String uid : List.of(RecommendJobMain.SOURCE_UID, RecommendJobMain.MODEL_UPDATES_SOURCE_UID,
                RecommendJobMain.MODEL_UPDATES_DECODE_UID, RecommendJob.RANKING_UID,
                EvaluationPipeline.METRICS_OPERATOR)) {
            assertTrue(uids.contains(uid), uid + " in " + uids);
        }
        for (String sink : List.of("recommendations sink", "dead-letter sink", "metrics sink", "training examples sink")) {
            assertTrue(names.stream().anyMatch(name -> name.startsWith(sink)), sink + " in " + names);
        }
        assertNotNull(streams.metrics());
        assertNotNull(streams.trainingExamples());
        // The Kafka source assigns watermarks per partition, so no operator replaces them later.
        assertFalse(uids.contains(RecommendJob.WATERMARKS_UID), "post-parse watermarks in " + uids);
    }

    @Test
    void sourceTimestampsComeFromEventTime() {
        RawEventTimeAssigner assigner = new RawEventTimeAssigner(new EventDecoder());

        assertEquals(T0, assigner.extractTimestamp(avroRecord(view("e1", "u1", "a", T0), 0), 42L));
        assertEquals(Long.MIN_VALUE, assigner.extractTimestamp(textRecord("not an event", 1), 42L));
    }

    @Test
    void invalidOptionFailsBuild() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration options = new Configuration();
        options.set(RecommendOptions.LIST_SIZE, 0);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecommendJob.build(env, input(env), sinks(), options));

        assertTrue(e.getMessage().contains("'recommend.list-size'"), e.getMessage());
    }

    private static DataStream<RawRecord> input(StreamExecutionEnvironment env) {
        return env.fromData(avroRecord(view("e1", "u1", "a", T0), 0)).uid("test-input");
    }

    private static RecommendSinks sinks() {
        return new RecommendSinks(
                new CollectingSink<>("graph-recommendations"), new CollectingSink<>("graph-rejects"), null);
    }
}
