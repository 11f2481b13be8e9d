package io.streamrec.jobs.recommend;

import io.streamrec.connectors.codec.EventDecoder;
import io.streamrec.connectors.codec.RawRecord;
import io.streamrec.connectors.codec.ValidationLimits;
import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.jobs.config.RecommendOptionsValidator;
import io.streamrec.jobs.cooccurrence.CooccurrenceFunction;
import io.streamrec.jobs.cooccurrence.CooccurrenceInput;
import io.streamrec.jobs.evaluation.EvaluationPipeline;
import io.streamrec.jobs.popularity.PopularityFunction;
import io.streamrec.jobs.profile.ProfileFunction;
import io.streamrec.jobs.ranking.RankingFunction;
import io.streamrec.jobs.ranking.ModelUpdateWatermarks;
import io.streamrec.jobs.ranking.RankingOutcome;
import io.streamrec.jobs.ranking.UserOrderFunction;
import io.streamrec.schemas.MetricsSnapshot;
import io.streamrec.schemas.ModelUpdate;
import io.streamrec.schemas.Recommendation;
import io.streamrec.schemas.RejectedEvent;
import io.streamrec.schemas.TrainingExample;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The recommend job: parse, watermarks, profile, co-occurrence, popularity, ranking (with the
 * learned ranker's model updates on a broadcast input) and the rolling evaluation, wired from
 * injected sources and sinks so that tests build the same graph as production. The stages and
 * the records between them are described in docs/architecture.md.
 *
 * <pre>{@code
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
 *         RecommendJob.environmentConfiguration(conf));
 * RecommendJob.build(env, env.fromSource(kafkaSource, WatermarkStrategy.noWatermarks(), "events"),
 *         modelUpdates, new RecommendSinks(recommendationSink, dlqSink, null, metricsSink, examplesSink), conf);
 * env.execute("streamrec-recommend");
 * }</pre>
 */
public final class RecommendJob {

    private static final Logger LOG = LoggerFactory.getLogger(RecommendJob.class);

    /** Stable operator ids; changing one makes savepoints of that operator unrestorable. */
    public static final String PARSE_UID = "recommend-parse";
    public static final String WATERMARKS_UID = "recommend-watermarks";
    public static final String PROFILE_UID = "recommend-profile";
    public static final String COOCCURRENCE_UID = "recommend-cooccurrence";
    public static final String POPULARITY_UID = "recommend-popularity";
    public static final String RANKING_UID = "recommend-ranking";
    public static final String USER_ORDER_UID = "recommend-user-order";

    /** Watermark alignment group of the events source. */
    static final String SOURCE_ALIGNMENT_GROUP = "storefront-events";

    /** How often the source readers exchange their watermarks for the alignment. */
    static final Duration ALIGNMENT_UPDATE_INTERVAL = Duration.ofSeconds(1);

    /** Maximum time the ranking stage keeps a user's early event while an earlier one is on its way. */
    static final long USER_ORDER_MAX_WAIT_MILLIS = 2_000;

    /** How many early events of one user are held at most before the gap is skipped. */
    static final int USER_ORDER_MAX_HELD = 64;

    /** Processing time after which an idle user's expected event number is forgotten. */
    static final long USER_ORDER_IDLE_MILLIS = 10 * 60_000;
    public static final String RECOMMENDATIONS_SINK_UID = "recommend-sink-recommendations";
    public static final String REJECTS_SINK_UID = "recommend-sink-rejects";
    public static final String OUTCOMES_SINK_UID = "recommend-sink-outcomes";
    public static final String METRICS_SINK_UID = "recommend-sink-metrics";
    public static final String TRAINING_EXAMPLES_SINK_UID = "recommend-sink-training-examples";
    public static final String NO_MODEL_UPDATES_UID = "recommend-no-model-updates";
    public static final String MODEL_UPDATE_WATERMARKS_UID = "recommend-model-update-watermarks";

    private RecommendJob() {}

    /**
     * Returns the Flink settings the job needs: RocksDB state, checkpoints to {@code checkpoint.dir}
     * every {@code checkpoint.interval}, and no generated operator ids, so that an operator without
     * a uid fails the submission.
     */
    public static Configuration environmentConfiguration(Configuration options) {
        Configuration flink = new Configuration();
        flink.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        flink.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, options.get(RecommendOptions.CHECKPOINT_DIR));
        flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, options.get(RecommendOptions.CHECKPOINT_INTERVAL));
        return flink;
    }

    /**
     * Returns the event-time watermark strategy: bounded out-of-orderness and idleness from the
     * options, timestamps from the event time.
     */
    public static WatermarkStrategy<EnrichedEvent> watermarkStrategy(Configuration options) {
        return WatermarkStrategy.<EnrichedEvent>forBoundedOutOfOrderness(options.get(RecommendOptions.OUT_OF_ORDERNESS))
                .withTimestampAssigner((event, recordTimestamp) -> event.eventTimeMillis())
                .withIdleness(options.get(RecommendOptions.IDLENESS));
    }

    /**
     * Returns the watermark strategy for a Kafka source of raw records: the same bounds as
     * {@link #watermarkStrategy}, with timestamps decoded from each record, so that the source
     * tracks event time per partition. A partition that runs ahead then cannot push the watermark
     * past events still waiting in a slower partition read by the same subtask. Unless
     * {@code watermark.alignment.max-drift} is 0, the source also pauses a partition that runs more
     * than that far ahead of the slowest one, so partitions are read roughly in event-time order.
     */
    public static WatermarkStrategy<RawRecord> sourceWatermarkStrategy(Configuration options) {
        WatermarkStrategy<RawRecord> strategy = WatermarkStrategy
                .<RawRecord>forBoundedOutOfOrderness(options.get(RecommendOptions.OUT_OF_ORDERNESS))
                .withTimestampAssigner(new RawEventTimeAssigner(new EventDecoder(ValidationLimits.fromConfig(options))))
                .withIdleness(options.get(RecommendOptions.IDLENESS));
        Duration maxDrift = options.get(RecommendOptions.ALIGNMENT_MAX_DRIFT);
        if (maxDrift.isZero()) {
            return strategy;
        }
        // Without alignment, a consumer with a backlog may read one partition hours of event time
        // ahead of another. The slow one keeps the watermark back meanwhile, so timers and windows
        // pile up and then fire together when it catches up.
        return strategy.withWatermarkAlignment(SOURCE_ALIGNMENT_GROUP, maxDrift, ALIGNMENT_UPDATE_INTERVAL);
    }

    /** Source of the job's event-time watermarks. */
    public enum InputWatermarks {
        /** The input has none; the job assigns them after parsing (test sources, files). */
        ASSIGN_AFTER_PARSE,
        /** The source already assigns them, per partition, with {@link #sourceWatermarkStrategy}. */
        FROM_SOURCE
    }

    /**
     * Wires the job without model updates: the learned ranker keeps its built-in weights. See
     * {@link #build(StreamExecutionEnvironment, DataStream, DataStream, RecommendSinks, Configuration)}.
     *
     * @throws IllegalArgumentException if an option is invalid
     */
    public static RecommendStreams build(
            StreamExecutionEnvironment env, DataStream<RawRecord> input, RecommendSinks sinks, Configuration options) {
        return build(env, input, null, sinks, options);
    }

    /**
     * Validates the options, applies {@link #environmentConfiguration} to {@code env}, wires the job
     * from {@code input} to {@code sinks}, and returns its output streams. Input records are
     * checked against the {@code validation.*} limits of {@link ValidationLimits}.
     *
     * <p>The ranking outcomes feed {@link EvaluationPipeline#attach} (per model and variant) in
     * the same graph, and {@code modelUpdates}, when not null, is broadcast to the ranking step; its
     * watermarks are replaced by {@link ModelUpdateWatermarks} so it never holds back event time.
     *
     * @param modelUpdates the learned ranker's updates, or null to rank with the built-in weights
     * @throws IllegalArgumentException if an option is invalid
     */
    public static RecommendStreams build(
            StreamExecutionEnvironment env,
            DataStream<RawRecord> input,
            DataStream<ModelUpdate> modelUpdates,
            RecommendSinks sinks,
            Configuration options) {
        return build(env, input, modelUpdates, sinks, options, InputWatermarks.ASSIGN_AFTER_PARSE);
    }

    /**
     * Wires the job as {@link #build(StreamExecutionEnvironment, DataStream, DataStream, RecommendSinks,
     * Configuration)} does, with the input's watermarks taken from {@code inputWatermarks}.
     *
     * @throws IllegalArgumentException if an option is invalid
     */
    public static RecommendStreams build(
            StreamExecutionEnvironment env,
            DataStream<RawRecord> input,
            DataStream<ModelUpdate> modelUpdates,
            RecommendSinks sinks,
            Configuration options,
            InputWatermarks inputWatermarks) {
        RecommendOptionsValidator.validate(options);
        env.configure(environmentConfiguration(options));
        int parallelism = options.get(RecommendOptions.PARALLELISM);

        // Parse: valid events go on, every other record goes to the dead-letter output. Parse and
        // watermarks run at the input's parallelism so they chain to the source and keep each
        // partition's order, which keeps each user's events in order.
        SingleOutputStreamOperator<EnrichedEvent> parsed = input
                .process(new ParseFunction(new EventDecoder(ValidationLimits.fromConfig(options))))
                .name("parse events")
                .uid(PARSE_UID)
                .setParallelism(input.getParallelism());
        DataStream<RejectedEvent> rejects = parsed.getSideOutput(ParseFunction.REJECTS);

        DataStream<EnrichedEvent> events = inputWatermarks == InputWatermarks.FROM_SOURCE
                ? parsed
                : parsed.assignTimestampsAndWatermarks(watermarkStrategy(options))
                        .name("event-time watermarks")
                        .uid(WATERMARKS_UID)
                        .setParallelism(input.getParallelism());

        // Keyed stages: user, then item, then all events at parallelism 1, then user again.
        DataStream<CooccurrenceInput> profiled = events
                .keyBy(new UserKey())
                .process(new ProfileFunction(options))
                .name("profile")
                .uid(PROFILE_UID)
                .setParallelism(parallelism);

        DataStream<EnrichedEvent> withNeighbours = profiled
                .keyBy(new ItemKey())
                .process(new CooccurrenceFunction(options))
                .name("co-occurrence")
                .uid(COOCCURRENCE_UID)
                .setParallelism(parallelism);

        DataStream<EnrichedEvent> withPopularity = withNeighbours
                .keyBy(new ConstantKey())
                .process(new PopularityFunction(options))
                .name("popularity")
                .uid(POPULARITY_UID)
                .setParallelism(1)
                .setMaxParallelism(1);

        // The item stage may let one user's events overtake each other; put them back in order.
        DataStream<EnrichedEvent> ordered = withPopularity
                .keyBy(new UserKey())
                .process(new UserOrderFunction(USER_ORDER_MAX_WAIT_MILLIS, USER_ORDER_MAX_HELD,
                        USER_ORDER_IDLE_MILLIS))
                .name("restore user order")
                .uid(USER_ORDER_UID)
                .setParallelism(parallelism);

        // Model updates reach every ranking subtask; without a stream the broadcast side is empty.
        DataStream<ModelUpdate> updates = modelUpdates != null
                ? modelUpdates
                : parsed.flatMap(new NoModelUpdates())
                        .returns(TypeInformation.of(ModelUpdate.class))
                        .name("no model updates")
                        .uid(NO_MODEL_UPDATES_UID)
                        .setParallelism(input.getParallelism());
        DataStream<ModelUpdate> timedUpdates = updates
                .assignTimestampsAndWatermarks(ModelUpdateWatermarks.strategy())
                .name("model update watermarks")
                .uid(MODEL_UPDATE_WATERMARKS_UID)
                .setParallelism(updates.getParallelism());

        SingleOutputStreamOperator<Recommendation> recommendations = DataStreamUtils
                .reinterpretAsKeyedStream(ordered, new UserKey())
                .connect(timedUpdates.broadcast(RankingFunction.LEARNED_MODELS))
                .process(new RankingFunction(options))
                .name("ranking")
                .uid(RANKING_UID)
                .setParallelism(parallelism);
        DataStream<RankingOutcome> outcomes = recommendations.getSideOutput(RankingFunction.OUTCOMES);
        DataStream<TrainingExample> trainingExamples = recommendations.getSideOutput(RankingFunction.TRAINING_EXAMPLES);

        // Rolling evaluation: every model's outcomes, keyed by model and variant.
        DataStream<MetricsSnapshot> metrics = EvaluationPipeline.attach(outcomes, options);

        // Sinks.
        recommendations.sinkTo(sinks.recommendations())
                .name("recommendations sink")
                .uid(RECOMMENDATIONS_SINK_UID)
                .setParallelism(parallelism);
        rejects.sinkTo(sinks.rejects())
                .name("dead-letter sink")
                .uid(REJECTS_SINK_UID)
                .setParallelism(input.getParallelism());
        if (sinks.outcomes() != null) {
            outcomes.sinkTo(sinks.outcomes())
                    .name("ranking outcomes sink")
                    .uid(OUTCOMES_SINK_UID)
                    .setParallelism(parallelism);
        }

        if (sinks.metrics() != null) {
            metrics.sinkTo(sinks.metrics())
                    .name("metrics sink")
                    .uid(METRICS_SINK_UID);
        }
        if (sinks.trainingExamples() != null) {
            trainingExamples.sinkTo(sinks.trainingExamples())
                    .name("training examples sink")
                    .uid(TRAINING_EXAMPLES_SINK_UID)
                    .setParallelism(parallelism);
        }

        LOG.info("Built the recommend job: parallelism {}, models {}, variants '{}', list size {}",
                parallelism, options.get(RecommendOptions.MODELS), options.get(RecommendOptions.AB_VARIANTS),
                options.get(RecommendOptions.LIST_SIZE));
        return new RecommendStreams(recommendations, rejects, outcomes, metrics, trainingExamples);
    }

    /** Emits nothing: the model-update side of a job built without model updates. */
    public static final class NoModelUpdates implements FlatMapFunction<EnrichedEvent, ModelUpdate> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(EnrichedEvent event, Collector<ModelUpdate> out) {}
    }

    /** Keys events by user id. */
    public static final class UserKey implements KeySelector<EnrichedEvent, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(EnrichedEvent event) {
            return event.userId();
        }
    }

    /** Keys co-occurrence input by the item whose neighbours it updates. */
    public static final class ItemKey implements KeySelector<CooccurrenceInput, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(CooccurrenceInput input) {
            return input.itemId();
        }
    }

    /** Sends every event to the single popularity key. */
    public static final class ConstantKey implements KeySelector<EnrichedEvent, Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer getKey(EnrichedEvent event) {
            return PopularityFunction.KEY;
        }
    }
}
