package io.streamrec.cli;

import io.streamrec.jobs.recommend.RecommendJob;
import io.streamrec.jobs.training.TrainJobMain;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Builds the train job between its Kafka topics for the command line. */
final class TrainWiring {

    private TrainWiring() {}

    /** Returns the train job's environment settings: the same state backend and checkpoints as the recommend job. */
    static Configuration environmentConfiguration(Configuration options) {
        return RecommendJob.environmentConfiguration(options);
    }

    /** Wires the train job on {@code env} and returns its name. */
    static String wire(StreamExecutionEnvironment env, Configuration options) {
        // One FTRL model per name, so more parallelism would only idle; 1 also keeps runs repeatable.
        env.setParallelism(1);
        TrainJobMain.wire(env, options);
        return TrainJobMain.JOB_NAME;
    }
}
