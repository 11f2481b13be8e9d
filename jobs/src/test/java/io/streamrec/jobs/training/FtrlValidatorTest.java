package io.streamrec.jobs.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.schemas.RejectedEvent;
import io.streamrec.schemas.TrainingExample;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class FtrlValidatorTest {

    private static final String MODEL = LearnedRankerModel.DEFAULT_MODEL_NAME;
    private static final String TOPIC = "training-examples";

    private final SyntheticExamples data = new SyntheticExamples(3L, MODEL);

    @Test
    void validExamplePasses() throws Exception {
        try (var harness = harness()) {
            TrainingExample example = data.example(0);
            harness.processElement(example, 0L);

            assertEquals(List.of(example), harness.extractOutputValues());
            assertEquals(0, rejections(harness).size());
        }
    }

    @Test
    void invalidExamplesGoToDeadLetters() throws Exception {
        assertRejected(e -> e.setModelName(""), "MISSING_FIELD", "modelName");
        assertRejected(e -> e.setModelName("x".repeat(257)), "OVERSIZED_ID", "modelName");
        assertRejected(e -> e.setModelName("unknown-model"), "INVALID_FIELD", "unknown-model");
        assertRejected(e -> e.setLabel(2), "INVALID_FIELD", "label");
        assertRejected(e -> e.setWeight(Double.NaN), "INVALID_FIELD", "weight");
        assertRejected(e -> e.setWeight(-1.0), "INVALID_FIELD", "weight");
        assertRejected(e -> e.getFeatures().setFeatureVersion(9), "INVALID_FIELD", "featureVersion");
        assertRejected(e -> e.getFeatures().setCandidatePosition(0), "INVALID_FIELD", "candidatePosition");
    }

    @Test
    void rejectionCarriesEncodedExample() throws Exception {
        try (var harness = harness()) {
            TrainingExample example = data.example(1);
            example.setLabel(3);
            harness.processElement(example, 0L);

            RejectedEvent rejection = rejections(harness).get(0);
            assertEquals(example, TrainingExample.fromByteBuffer(rejection.getRawValue()));
            assertEquals(TOPIC, rejection.getSourceTopic());
            assertEquals(-1, rejection.getSourcePartition());
            assertEquals(-1L, rejection.getSourceOffset());
        }
    }

    private void assertRejected(Consumer<TrainingExample> corruption, String reason, String detailPart)
            throws Exception {
        try (var harness = harness()) {
            TrainingExample example = data.example(2);
            corruption.accept(example);

            harness.processElement(example, 0L);

            assertEquals(0, harness.extractOutputValues().size(), "no output for " + detailPart);
            List<RejectedEvent> rejected = rejections(harness);
            assertEquals(1, rejected.size());
            assertEquals(reason, rejected.get(0).getReason());
            assertTrue(rejected.get(0).getDetail().contains(detailPart), rejected.get(0).getDetail());
        }
    }

    private static List<RejectedEvent> rejections(OneInputStreamOperatorTestHarness<TrainingExample, TrainingExample> harness) {
        // The harness has no queue for a side output that was never written to.
        var records = harness.getSideOutput(TrainingExampleValidator.REJECTED);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    private static OneInputStreamOperatorTestHarness<TrainingExample, TrainingExample> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forProcessFunction(new TrainingExampleValidator(Set.of(MODEL), TOPIC));
    }
}
