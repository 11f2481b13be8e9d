package io.streamrec.jobs.config;

import io.streamrec.connectors.kafka.TopicOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;

import java.time.Duration;
import java.util.List;

/**
 * Options of the recommend job. {@link RecommendConfigLoader} reads them from a file and the
 * command line, and {@link RecommendOptionsValidator} checks them once at start-up. The Kafka
 * connection itself is set by the {@code kafka.*} options of
 * {@link io.streamrec.connectors.kafka.KafkaOptions}.
 */
public final class RecommendOptions {

    // ---- topics: the Kafka connector's options, repeated here so one class lists the job's keys ----

    public static final ConfigOption<String> TOPIC_EVENTS = TopicOptions.EVENTS;
    public static final ConfigOption<String> TOPIC_DLQ = TopicOptions.DLQ;
    public static final ConfigOption<String> TOPIC_RECOMMENDATIONS = TopicOptions.RECOMMENDATIONS;
    public static final ConfigOption<String> TOPIC_METRICS = TopicOptions.METRICS;
    public static final ConfigOption<String> TOPIC_TRAINING_EXAMPLES = TopicOptions.TRAINING_EXAMPLES;
    public static final ConfigOption<String> TOPIC_MODEL_UPDATES = TopicOptions.MODEL_UPDATES;

    // ---- lists ----

    public static final ConfigOption<Integer> LIST_SIZE = ConfigOptions.key("recommend.list-size")
            .intType()
            .defaultValue(20)
            .withDescription("Number of items N in each recommendation list (1 to 1000).");

    public static final ConfigOption<String> PUBLISHED_MODEL = ConfigOptions.key("recommend.model")
            .stringType()
            .defaultValue("cooccurrence")
            .withDescription("Model whose list is published when ab.variants is empty: one of recommend.models.");

    public static final ConfigOption<List<String>> MODELS = ConfigOptions.key("recommend.models")
            .stringType()
            .asList()
            .defaultValues("popularity", "cooccurrence", "cooccurrence-affinity", "learned-ranker")
            .withDescription("Models that rank every event in shadow mode and are all evaluated on the same events: "
                    + "a semicolon-separated subset of popularity, cooccurrence, cooccurrence-affinity and learned-ranker.");

    public static final ConfigOption<String> AB_VARIANTS = ConfigOptions.key("ab.variants")
            .stringType()
            .defaultValue("")
            .withDescription("A/B variants as name:model:weight entries separated by semicolons, such as "
                    + "control:cooccurrence:50;treatment:learned-ranker:50. A user's variant is the FNV-1a hash of the "
                    + "UTF-8 user id modulo the total weight; the variant's model is published for that user. "
                    + "Empty: one variant named default that publishes recommend.model.");

    public static final ConfigOption<Boolean> ALLOW_PURCHASED = ConfigOptions.key("ranking.allow-purchased")
            .booleanType()
            .defaultValue(false)
            .withDescription("Whether items the user already purchased may be recommended again.");

    public static final ConfigOption<Integer> TRAINING_NEGATIVES = ConfigOptions.key("ranking.training-negatives")
            .intType()
            .defaultValue(20)
            .withDescription("Number of candidates the learned ranker did not show that each event adds to "
                    + "training-examples as negatives, drawn at random from its candidates of the previous list and "
                    + "weighted by unshown candidates / drawn ones, so that the model learns from all candidates, not "
                    + "only from the ones it chose (0 to 1000; 0 trains from shown items only).");

    // ---- co-occurrence ----

    public static final ConfigOption<Integer> NEIGHBOURS = ConfigOptions.key("cooccurrence.neighbours")
            .intType()
            .defaultValue(50)
            .withDescription("Number of neighbours K kept per item (1 to 1000).");

    public static final ConfigOption<Integer> SESSION_ITEMS = ConfigOptions.key("cooccurrence.session-items")
            .intType()
            .defaultValue(10)
            .withDescription("Number of the session's most recent items that form pairs with a new event's item (0 to 100).");

    public static final ConfigOption<Duration> COOCCURRENCE_HALF_LIFE = ConfigOptions.key("cooccurrence.half-life")
            .durationType()
            .defaultValue(Duration.ofDays(1))
            .withDescription("Event-time half-life of pair weights.");

    // ---- event weights ----

    public static final ConfigOption<Double> WEIGHT_VIEW = weight("weights.view", 1.0, "VIEW");
    public static final ConfigOption<Double> WEIGHT_FAVORITE = weight("weights.favorite", 2.0, "FAVORITE");
    public static final ConfigOption<Double> WEIGHT_ADD_TO_CART = weight("weights.add-to-cart", 3.0, "ADD_TO_CART");
    public static final ConfigOption<Double> WEIGHT_PURCHASE = weight("weights.purchase", 5.0, "PURCHASE");
    public static final ConfigOption<Double> WEIGHT_REMOVE_FROM_CART =
            weight("weights.remove-from-cart", 0.0, "REMOVE_FROM_CART");
    public static final ConfigOption<Double> WEIGHT_OTHER = weight("weights.other", 0.5, "OTHER");

    // ---- popularity ----

    public static final ConfigOption<Duration> POPULARITY_HALF_LIFE = ConfigOptions.key("popularity.half-life")
            .durationType()
            .defaultValue(Duration.ofHours(1))
            .withDescription("Event-time half-life of the forward-decayed popularity values.");

    public static final ConfigOption<Integer> POPULARITY_CANDIDATES = ConfigOptions.key("popularity.candidates")
            .intType()
            .defaultValue(100)
            .withDescription("Length of the global top list and of each per-category top list (1 to 10000).");

    public static final ConfigOption<Integer> POPULARITY_MAX_CATEGORIES = ConfigOptions.key("popularity.max-categories")
            .intType()
            .defaultValue(1000)
            .withDescription("Maximum number of categories with a top list; the category with the weakest best item is evicted first (1 to 100000).");

    // ---- profile ----

    public static final ConfigOption<Integer> PROFILE_RECENT_ITEMS = ConfigOptions.key("profile.recent-items")
            .intType()
            .defaultValue(20)
            .withDescription("Number of recent interactions kept per user (1 to 1000).");

    public static final ConfigOption<Integer> PROFILE_PURCHASED_ITEMS = ConfigOptions.key("profile.purchased-items")
            .intType()
            .defaultValue(100)
            .withDescription("Number of purchased items kept per user, newest first (0 to 10000).");

    public static final ConfigOption<Integer> PROFILE_CATEGORIES = ConfigOptions.key("profile.categories")
            .intType()
            .defaultValue(50)
            .withDescription("Number of category affinities kept per user; the weakest is dropped first (0 to 1000).");

    public static final ConfigOption<Duration> SESSION_GAP = ConfigOptions.key("profile.session-gap")
            .durationType()
            .defaultValue(Duration.ofMinutes(30))
            .withDescription("Event-time inactivity gap that ends a user's session.");

    public static final ConfigOption<Duration> AFFINITY_HALF_LIFE = ConfigOptions.key("profile.affinity-half-life")
            .durationType()
            .defaultValue(Duration.ofDays(7))
            .withDescription("Event-time half-life of a user's category affinity.");

    // ---- state bounds ----

    public static final ConfigOption<Duration> STATE_TTL = ConfigOptions.key("state.ttl")
            .durationType()
            .defaultValue(Duration.ofDays(7))
            .withDescription("Event-time inactivity after which a user's or an item's state is removed.");

    public static final ConfigOption<Duration> DEDUPE_WINDOW = ConfigOptions.key("dedupe.window")
            .durationType()
            .defaultValue(Duration.ofMinutes(10))
            .withDescription("Event-time span within which a repeated event id of the same user is dropped as a duplicate.");

    public static final ConfigOption<Integer> DEDUPE_MAX_IDS = ConfigOptions.key("dedupe.max-ids")
            .intType()
            .defaultValue(1000)
            .withDescription("Maximum number of event ids remembered per user for deduplication (1 to 1000000).");

    // ---- runtime ----

    public static final ConfigOption<Integer> PARALLELISM = ConfigOptions.key("parallelism")
            .intType()
            .defaultValue(1)
            .withDescription("Parallelism of the keyed stages; the popularity stage always runs at 1.");

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS = ConfigOptions.key("watermark.out-of-orderness")
            .durationType()
            .defaultValue(Duration.ofSeconds(5))
            .withDescription("How far behind the newest event time the watermark trails.");

    public static final ConfigOption<Duration> IDLENESS = ConfigOptions.key("watermark.idleness")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("Processing time after which a quiet source split stops holding back the watermark.");

    public static final ConfigOption<Duration> ALIGNMENT_MAX_DRIFT = ConfigOptions.key("watermark.alignment.max-drift")
            .durationType()
            .defaultValue(Duration.ofMinutes(5))
            .withDescription("How far in event time a Kafka partition may run ahead of the slowest one before the "
                    + "source pauses it; 0 turns the alignment off.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions.key("checkpoint.interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("Time between checkpoints.");

    public static final ConfigOption<String> CHECKPOINT_DIR = ConfigOptions.key("checkpoint.dir")
            .stringType()
            .defaultValue("file:///tmp/streamrec/checkpoints")
            .withDescription("URI of the folder checkpoints are written to.");

    public static final ConfigOption<DeliveryGuarantee> DELIVERY_GUARANTEE = ConfigOptions.key("delivery.guarantee")
            .enumType(DeliveryGuarantee.class)
            .defaultValue(DeliveryGuarantee.AT_LEAST_ONCE)
            .withDescription("Delivery guarantee of the recommendations sink: at-least-once (latency in milliseconds; "
                    + "the latest list per user wins), exactly-once (visible only after each checkpoint) or none. "
                    + "The dead-letter sink follows kafka.delivery-guarantee.");

    private RecommendOptions() {}

    private static ConfigOption<Double> weight(String key, double defaultValue, String eventType) {
        return ConfigOptions.key(key)
                .doubleType()
                .defaultValue(defaultValue)
                .withDescription("Weight of an event of type " + eventType + " in popularity, co-occurrence and affinity (0 to 1000).");
    }
}
