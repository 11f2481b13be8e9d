package io.streamrec.jobs.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class FtrlTrainOptionsTest {

    @Test
    void defaults() {
        TrainOptions options = TrainOptions.defaults();

        assertEquals(new FtrlParameters(0.1, 1.0, 0.1, 1.0), options.ftrl());
        assertEquals(1000, options.publishEveryExamples());
        assertEquals(Duration.ofSeconds(10), options.publishInterval());
        assertEquals(10_000, options.aucWindowExamples());
        assertEquals(List.of(LearnedRankerModel.DEFAULT_MODEL_NAME), options.models());
    }

    @Test
    void readsSetValues() {
        Configuration config = new Configuration();
        config.set(TrainOptions.ALPHA, 0.5);
        config.set(TrainOptions.BETA, 0.0);
        config.set(TrainOptions.L1, 2.0);
        config.set(TrainOptions.L2, 0.0);
        config.set(TrainOptions.PUBLISH_EVERY_EXAMPLES, 1);
        config.set(TrainOptions.PUBLISH_INTERVAL, Duration.ofMillis(1));
        config.set(TrainOptions.AUC_WINDOW_EXAMPLES, 2);
        config.set(TrainOptions.MODELS, List.of("a", "b"));

        TrainOptions options = TrainOptions.fromConfiguration(config);

        assertEquals(new FtrlParameters(0.5, 0.0, 2.0, 0.0), options.ftrl());
        assertEquals(1, options.publishEveryExamples());
        assertEquals(Duration.ofMillis(1), options.publishInterval());
        assertEquals(2, options.aucWindowExamples());
        assertEquals(List.of("a", "b"), options.models());
    }

    @Test
    void invalidValuesNameTheOption() {
        assertInvalid(TrainOptions.ALPHA, 0.0);
        assertInvalid(TrainOptions.ALPHA, Double.POSITIVE_INFINITY);
        assertInvalid(TrainOptions.BETA, -0.1);
        assertInvalid(TrainOptions.L1, Double.NaN);
        assertInvalid(TrainOptions.L2, -1.0);
        assertInvalid(TrainOptions.PUBLISH_EVERY_EXAMPLES, 0);
        assertInvalid(TrainOptions.PUBLISH_INTERVAL, Duration.ZERO);
        assertInvalid(TrainOptions.AUC_WINDOW_EXAMPLES, 1);
        assertInvalid(TrainOptions.AUC_WINDOW_EXAMPLES, TrainOptions.MAX_AUC_WINDOW_EXAMPLES + 1);
        assertInvalid(TrainOptions.MODELS, List.of());
        assertInvalid(TrainOptions.MODELS, List.of(" "));
    }

    private static <T> void assertInvalid(ConfigOption<T> option, T value) {
        Configuration config = new Configuration();
        config.set(option, value);

        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> TrainOptions.fromConfiguration(config));

        assertTrue(error.getMessage().contains(option.key()), error.getMessage());
        assertTrue(error.getMessage().contains("expected"), error.getMessage());
    }
}
