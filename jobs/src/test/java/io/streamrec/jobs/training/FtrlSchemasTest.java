package io.streamrec.jobs.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.streamrec.schemas.ModelUpdate;
import io.streamrec.schemas.RankingFeatures;
import io.streamrec.schemas.TrainingExample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The learning schemas survive Avro single-object encoding, the format of their topics. */
class FtrlSchemasTest {

    @Test
    void trainingExampleRoundTrip() throws Exception {
        TrainingExample example = new SyntheticExamples(1L, LearnedRankerModel.DEFAULT_MODEL_NAME).example(42);

        TrainingExample decoded = TrainingExample.fromByteBuffer(example.toByteBuffer());

        assertEquals(example, decoded);
        assertEquals(SyntheticExamples.START.plusMillis(42 * SyntheticExamples.MILLIS_BETWEEN_EXAMPLES), decoded.getEventTime());
    }

    @Test
    void rankingFeatureDefaults() {
        RankingFeatures features = RankingFeatures.newBuilder().build();

        assertEquals(FeatureVector.VERSION, features.getFeatureVersion());
        assertEquals(1, features.getCandidatePosition());
        assertNull(features.getSecondsSinceLastTouch());
        assertEquals(0.0, features.getCooccurrenceScore());
    }

    @Test
    void modelUpdateRoundTripWithoutAuc() throws Exception {
        ModelUpdate update = ModelUpdate.newBuilder()
                .setModelName(LearnedRankerModel.DEFAULT_MODEL_NAME)
                .setVersion(3L)
                .setFeatureNames(FeatureVector.NAMES)
                .setWeights(List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1))
                .setBias(-2.0)
                .setExamplesSeen(3000L)
                .setProgressiveLogLoss(0.45)
                .setRecentLogLoss(0.41)
                .setAuc(null)
                .setAucWindowExamples(3000)
                .setCreatedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .build();

        ModelUpdate decoded = ModelUpdate.fromByteBuffer(update.toByteBuffer());

        assertEquals(update, decoded);
        assertEquals(FeatureVector.VERSION, decoded.getFeatureVersion());
        assertNull(decoded.getAuc());
    }
}
