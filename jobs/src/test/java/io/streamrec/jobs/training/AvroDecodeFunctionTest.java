package io.streamrec.jobs.training;

import io.streamrec.connectors.codec.AvroCodec;
import io.streamrec.connectors.codec.RawRecord;
import io.streamrec.schemas.ModelUpdate;
import io.streamrec.schemas.RejectedEvent;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AvroDecodeFunctionTest {

    private static final String TOPIC = "model-updates";

    @Test
    void validRecordDecodedOthersRejected() throws Exception {
        ModelUpdate update = ModelUpdate.newBuilder()
                .setModelName("learned-ranker")
                .setVersion(2)
                .setFeatureNames(new ArrayList<>(FeatureVector.NAMES))
                .setWeights(new ArrayList<>(Collections.nCopies(FeatureVector.DIMENSION, 0.5)))
                .setBias(-1.0)
                .setExamplesSeen(10)
                .setProgressiveLogLoss(0.6)
                .setRecentLogLoss(0.6)
                .setAucWindowExamples(10)
                .setCreatedAt(Instant.parse("2024-01-01T00:00:00Z"))
                .build();
        byte[] valid = AvroCodec.of(ModelUpdate.class).encode(update);

        try (OneInputStreamOperatorTestHarness<RawRecord, ModelUpdate> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new AvroDecodeFunction<>(ModelUpdate.class))) {
            harness.processElement(new RawRecord(TOPIC, 0, 0L, 1L, null, valid), 1L);
            harness.processElement(new RawRecord(TOPIC, 0, 1L, 1L, null, "garbage".getBytes(StandardCharsets.UTF_8)), 1L);
            harness.processElement(new RawRecord(TOPIC, 0, 2L, 1L, null, new byte[0]), 1L);

            assertEquals(List.of(update), harness.extractOutputValues());
            List<RejectedEvent> rejected = harness.getSideOutput(AvroDecodeFunction.REJECTED).stream()
                    .map(StreamRecord::getValue)
                    .toList();
            assertEquals(List.of(1L, 2L), rejected.stream().map(RejectedEvent::getSourceOffset).toList());
            for (RejectedEvent rejection : rejected) {
                assertEquals("UNDECODABLE", rejection.getReason());
                assertEquals(TOPIC, rejection.getSourceTopic());
            }
        }
    }
}
