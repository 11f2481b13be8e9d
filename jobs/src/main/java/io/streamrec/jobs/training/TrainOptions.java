package io.streamrec.jobs.training;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Configuration of the train job: the {@code train.*} options and their validated values.
 *
 * <p>NOTE: the FTRL defaults are common starting points for logistic regression on a dozen dense
 * features, not values tuned on storefront data.
 */
public final class TrainOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Largest accepted AUC window, which bounds the per-model window state. */
    public static final int MAX_AUC_WINDOW_EXAMPLES = 1_000_000;

    public static final ConfigOption<Double> ALPHA = ConfigOptions.key("train.alpha")
            .doubleType()
            .defaultValue(0.1)
            .withDescription("FTRL-Proximal alpha: scale of the per-coordinate learning rate "
                    + "alpha / (beta + sqrt(sum of squared gradients)). Must be > 0.");

    public static final ConfigOption<Double> BETA = ConfigOptions.key("train.beta")
            .doubleType()
            .defaultValue(1.0)
            .withDescription("FTRL-Proximal beta: smoothing term of the learning rate, which keeps "
                    + "the first steps of each coordinate small. Must be >= 0.");

    public static final ConfigOption<Double> L1 = ConfigOptions.key("train.l1")
            .doubleType()
            .defaultValue(0.1)
            .withDescription("FTRL-Proximal L1 regularization strength; a feature's weight stays 0 "
                    + "while the absolute accumulated gradient is at most this. Must be >= 0.");

    public static final ConfigOption<Double> L2 = ConfigOptions.key("train.l2")
            .doubleType()
            .defaultValue(1.0)
            .withDescription("FTRL-Proximal L2 regularization strength. Must be >= 0.");

    public static final ConfigOption<Integer> PUBLISH_EVERY_EXAMPLES =
            ConfigOptions.key("train.publish-every-examples")
                    .intType()
                    .defaultValue(1000)
                    .withDescription("Publish a new model version after this many examples of the "
                            + "model since its last version, or after train.publish-interval, "
                            + "whichever comes first. Must be >= 1.");

    public static final ConfigOption<Duration> PUBLISH_INTERVAL = ConfigOptions.key("train.publish-interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withDescription("Publish a new model version at most this long (processing time) "
                    + "after the first example not yet in a published version. Must be >= 1 ms.");

    public static final ConfigOption<Integer> AUC_WINDOW_EXAMPLES = ConfigOptions.key("train.auc-window-examples")
            .intType()
            .defaultValue(10_000)
            .withDescription("Number of most recent examples per model over which the AUC and the "
                    + "recent log loss are computed. Must be in [2, " + MAX_AUC_WINDOW_EXAMPLES + "].");

    public static final ConfigOption<List<String>> MODELS = ConfigOptions.key("train.models")
            .stringType()
            .asList()
            .defaultValues(LearnedRankerModel.DEFAULT_MODEL_NAME)
            .withDescription("Names of the models the job trains. Examples for other names go to "
                    + "the dead-letter output, so that the per-model state stays bounded. Must not be empty.");

    private final FtrlParameters ftrl;
    private final int publishEveryExamples;
    private final Duration publishInterval;
    private final int aucWindowExamples;
    private final List<String> models;

    private TrainOptions(
            FtrlParameters ftrl,
            int publishEveryExamples,
            Duration publishInterval,
            int aucWindowExamples,
            List<String> models) {
        this.ftrl = ftrl;
        this.publishEveryExamples = publishEveryExamples;
        this.publishInterval = publishInterval;
        this.aucWindowExamples = aucWindowExamples;
        this.models = List.copyOf(models);
    }

    /** Returns the options with every default. */
    public static TrainOptions defaults() {
        return fromConfiguration(new Configuration());
    }

    /**
     * Reads and validates the {@code train.*} options.
     *
     * @throws IllegalArgumentException naming the option, the value and the accepted range when a
     *     value is invalid
     */
    public static TrainOptions fromConfiguration(ReadableConfig config) {
        double alpha = config.get(ALPHA);
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw invalid(ALPHA, alpha, "a finite number > 0");
        }
        double beta = requireFiniteNonNegative(config, BETA);
        double l1 = requireFiniteNonNegative(config, L1);
        double l2 = requireFiniteNonNegative(config, L2);

        int publishEvery = config.get(PUBLISH_EVERY_EXAMPLES);
        if (publishEvery < 1) {
            throw invalid(PUBLISH_EVERY_EXAMPLES, publishEvery, "an integer >= 1");
        }
        Duration interval = config.get(PUBLISH_INTERVAL);
        if (interval.toMillis() < 1) {
            throw invalid(PUBLISH_INTERVAL, interval, "a duration >= 1 ms");
        }
        int window = config.get(AUC_WINDOW_EXAMPLES);
        if (window < 2 || window > MAX_AUC_WINDOW_EXAMPLES) {
            throw invalid(AUC_WINDOW_EXAMPLES, window, "an integer in [2, " + MAX_AUC_WINDOW_EXAMPLES + "]");
        }
        List<String> models = config.get(MODELS);
        if (models.isEmpty() || models.stream().anyMatch(name -> name == null || name.isBlank())) {
            throw invalid(MODELS, models, "a non-empty list of non-blank model names");
        }

        return new TrainOptions(new FtrlParameters(alpha, beta, l1, l2), publishEvery, interval, window, models);
    }

    private static double requireFiniteNonNegative(ReadableConfig config, ConfigOption<Double> option) {
        double value = config.get(option);
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw invalid(option, value, "a finite number >= 0");
        }
        return value;
    }

    private static IllegalArgumentException invalid(ConfigOption<?> option, Object value, String accepted) {
        return new IllegalArgumentException(
                "Invalid value for " + option.key() + ": " + value + "; expected " + accepted);
    }

    public FtrlParameters ftrl() {
        return ftrl;
    }

    public int publishEveryExamples() {
        return publishEveryExamples;
    }

    public Duration publishInterval() {
        return publishInterval;
    }

    public int aucWindowExamples() {
        return aucWindowExamples;
    }

    /** Returns the names of the models this job trains. */
    public List<String> models() {
        return models;
    }

    @Override
    public String toString() {
        return "TrainOptions{" + ftrl + ", publishEveryExamples=" + publishEveryExamples
                + ", publishInterval=" + publishInterval + ", aucWindowExamples=" + aucWindowExamples
                + ", models=" + models + '}';
    }
}
