package io.streamrec.cli;

import io.streamrec.connectors.kafka.KafkaSettings;
import io.streamrec.connectors.kafka.TopicAdmin;
import io.streamrec.connectors.kafka.TopicOptions;
import io.streamrec.connectors.replay.ReplayProducer;
import io.streamrec.connectors.replay.ReplayStats;
import io.streamrec.jobs.config.RecommendOptions;
import io.streamrec.jobs.config.RecommendOptionsValidator;
import io.streamrec.jobs.recommend.RecommendJob;
import io.streamrec.jobs.training.TrainOptions;
import io.streamrec.jobs.recommend.RecommendJobMain;
import io.streamrec.schemas.StorefrontEvent;
import io.streamrec.topics.TopicSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One local run of the jobs for {@code demo} and {@code evaluate}: starts the local stack, creates
 * the topics, submits the jobs, replays the input into the events topic with a live progress line,
 * waits until every sent event has its recommendation, then drains the jobs (so that event-time
 * windows close and the final metrics are written) and returns what it observed.
 */
final class LocalRun {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRun.class);

    /** Time between two samples of the recommend job's progress while the run waits for lists. */
    private static final Duration PROGRESS_SAMPLE_INTERVAL = Duration.ofSeconds(10);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration METRICS_SETTLE = Duration.ofSeconds(3);
    private static final long TICK_MILLIS = 500;

    /**
     * Settings of a run that are not job options. {@code stallTimeout} is how long the run keeps
     * waiting for the missing recommendations while the recommend job shows no progress.
     */
    record Settings(
            int kafkaPort,
            int dashboardPort,
            boolean keepRunning,
            double speedFactor,
            Duration stallTimeout,
            PrintStream out) {}

    /** The observations of a finished run. */
    record Result(
            RunObserver observer,
            ReplayStats replay,
            long fileRejects,
            Duration processing,
            double eventsPerSecond,
            String dashboard) {}

    private LocalRun() {}

    /** Creates a temporary folder that is deleted, with its contents, when the JVM exits. */
    static Path tempFolder(String prefix) throws java.io.IOException {
        Path folder = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(folder), "delete-" + prefix));
        return folder;
    }

    private static void deleteRecursively(Path folder) {
        try (java.util.stream.Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            LOG.warn("Could not delete the temporary folder {}", folder, e);
        }
    }

    /** Returns the option values a local run sets unless the user set them. */
    static Map<String, String> localDefaults(int parallelism, Path workDir) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("kafka.starting-offsets", "earliest");
        defaults.put("parallelism", String.valueOf(parallelism));
        defaults.put("checkpoint.interval", "5 s");
        defaults.put("checkpoint.dir", workDir.resolve("checkpoints").toUri().toString());
        return defaults;
    }

    /**
     * Runs the jobs on {@code input} and hands the result to {@code onResult} before the stack
     * stops (or, with keepRunning, before it waits for Ctrl-C).
     */
    static void run(EventInput input, Configuration options, Settings settings, java.util.function.Consumer<Result> onResult)
            throws Exception {
        PrintStream out = settings.out();
        // Check every option before anything starts, so a typo fails in a second, not after start-up.
        RecommendOptionsValidator.validate(options);
        TrainOptions.fromConfiguration(options);
        KafkaSettings.from(options);
        int parallelism = options.get(RecommendOptions.PARALLELISM);

        out.println("Starting Kafka (KRaft, 127.0.0.1) and a Flink MiniCluster...");
        try (LocalStack stack = LocalStack.start(settings.kafkaPort(), settings.dashboardPort(), parallelism + 2)) {
            options.setString("kafka.bootstrap-servers", stack.bootstrapServers());
            out.println("Kafka broker:     " + stack.bootstrapServers());
            out.println("Flink dashboard:  " + stack.dashboard());
            out.println("Input:            " + input.description());

            TopicAdmin.createRegistryTopics(options, Duration.ofSeconds(60));
            Properties clients = new Properties();
            clients.put("bootstrap.servers", stack.bootstrapServers());

            StreamExecutionEnvironment recommendEnv =
                    StreamExecutionEnvironment.getExecutionEnvironment(RecommendJob.environmentConfiguration(options));
            RecommendJobMain.wire(recommendEnv, options);
            JobID recommendJob = stack.submit(recommendEnv, RecommendJobMain.JOB_NAME);

            // The train job closes the loop through Kafka: training examples in, model updates out.
            StreamExecutionEnvironment trainEnv =
                    StreamExecutionEnvironment.getExecutionEnvironment(TrainWiring.environmentConfiguration(options));
            String trainName = TrainWiring.wire(trainEnv, options);
            JobID trainJob = stack.submit(trainEnv, trainName);

            try (RunObserver observer = new RunObserver(clients,
                    TopicOptions.name(options, TopicSpec.RECOMMENDATIONS),
                    TopicOptions.name(options, TopicSpec.STOREFRONT_EVENTS_DLQ),
                    TopicOptions.name(options, TopicSpec.RECOMMENDATION_METRICS))
                    .watchModelUpdates(clients, TopicOptions.name(options, TopicSpec.MODEL_UPDATES))) {

                long fileRejects = FileRejects.send(clients, TopicOptions.name(options, TopicSpec.STOREFRONT_EVENTS_DLQ),
                        input.description(), input.rejectedRows());

                Progress progress = new Progress(out, input.total(), observer);
                long startMillis = System.currentTimeMillis();
                ReplayStats stats;
                progress.start();
                JobProgress recommendProgress = new JobProgress(stack.dashboard(), recommendJob);
                try {
                    stats = ReplayProducer.builder(clients, TopicOptions.name(options, TopicSpec.STOREFRONT_EVENTS))
                            .dlqTopic(TopicOptions.name(options, TopicSpec.STOREFRONT_EVENTS_DLQ))
                            .speedFactor(settings.speedFactor())
                            .expectedTotal(input.total())
                            .quiet(true)
                            .sourceName(input.description())
                            .build()
                            .run(observing(input.events(), observer, progress));
                    progress.replayDone(stats.sent());
                    waitForRecommendations(observer, stats.sent(), recommendProgress, settings.stallTimeout());
                } finally {
                    progress.stop();
                }
                long endMillis = Math.max(observer.lastRecommendationMillis(), startMillis + 1);
                Duration processing = Duration.ofMillis(endMillis - startMillis);
                double rate = stats.sent() * 1000.0 / (endMillis - startMillis);

                if (settings.keepRunning()) {
                    onResult.accept(new Result(observer, stats, fileRejects, processing, rate, stack.dashboard().toString()));
                    out.println();
                    out.println("The broker and the dashboard keep running; press Ctrl-C to stop.");
                    // Ctrl-C ends the JVM without leaving this block, so a hook stops the stack.
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        out.println("Stopping the jobs, the MiniCluster and the broker...");
                        observer.close();
                        stack.close();
                    }, "streamrec-shutdown"));
                    waitForever();
                    return;
                }

                out.println("Draining the jobs: event time advances to the end, so the last metrics windows close...");
                long drainStart = System.nanoTime();
                drain(stack, recommendJob, options);
                drain(stack, trainJob, options);
                LOG.info("Drained in {} ms", (System.nanoTime() - drainStart) / 1_000_000);
                waitForMetricsToSettle(observer);
                onResult.accept(new Result(observer, stats, fileRejects, processing, rate, stack.dashboard().toString()));
                failIfRestarted("recommend", recommendProgress);
                failIfRestarted("train", new JobProgress(stack.dashboard(), trainJob));
            }
        }
    }

    /**
     * Throws when the job failed during the run: it then restarted from a checkpoint, so its
     * outputs repeat part of the input and the summary above overstates the lists. A job whose
     * failures cannot be read is only logged.
     */
    private static void failIfRestarted(String name, JobProgress job) throws InterruptedException {
        int failures;
        try {
            failures = job.failures();
        } catch (IOException e) {
            LOG.warn("Reading the failures of the {} job failed", name, e);
            return;
        }
        if (failures > 0) {
            throw new IllegalStateException("The " + name + " job failed " + failures + " time(s) during the run and "
                    + "restarted from a checkpoint, so the figures above count some events twice. The cause is in "
                    + "the log file (target/streamrec.log unless -Dstreamrec.log.file is set).");
        }
    }

    private static Iterator<StorefrontEvent> observing(
            Iterator<StorefrontEvent> events, RunObserver observer, Progress progress) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return events.hasNext();
            }

            @Override
            public StorefrontEvent next() {
                StorefrontEvent event = events.next();
                observer.onEventSent(event);
                progress.sent();
                return event;
            }
        };
    }

    /**
     * Waits until {@code expected} recommendations have arrived, or until neither a new one arrived
     * nor the recommend job progressed (see {@link JobProgress}) for {@code stallTimeout}.
     */
    private static void waitForRecommendations(
            RunObserver observer, long expected, JobProgress job, Duration stallTimeout) throws InterruptedException {
        long lastCount = -1;
        long lastProgress = System.nanoTime();
        long lastSample = System.nanoTime();
        while (observer.recommendations() < expected) {
            long count = observer.recommendations();
            long now = System.nanoTime();
            if (count != lastCount) {
                lastCount = count;
                lastProgress = now;
            }
            // Sample at a steady pace, so that each sample compares with one about an interval old.
            if (now - lastSample >= PROGRESS_SAMPLE_INTERVAL.toNanos()) {
                lastSample = now;
                if (job.progressed()) {
                    if (now - lastProgress >= PROGRESS_SAMPLE_INTERVAL.toNanos()) {
                        LOG.info("No new recommendation for {} s, but the recommend job is still working",
                                (now - lastProgress) / 1_000_000_000L);
                    }
                    lastProgress = now;
                }
            }
            if (now - lastProgress > stallTimeout.toNanos()) {
                LOG.warn("Only {} of {} recommendations arrived; neither a new one nor progress of the job for {}",
                        count, expected, stallTimeout);
                return;
            }
            Thread.sleep(100);
        }
    }

    /**
     * Stops the jobs with a savepoint and drain: Flink then advances event time to the end, so the
     * open metrics windows close and their snapshots are committed.
     */
    private static void drain(LocalStack stack, JobID job, Configuration options) {
        try {
            Path savepoints = tempFolder("streamrec-savepoints");
            String path = stack.cluster()
                    .stopWithSavepoint(job, savepoints.toUri().toString(), true, SavepointFormatType.CANONICAL)
                    .get(DRAIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            LOG.info("Drained job {} with savepoint {}", job, path);
        } catch (Exception e) {
            LOG.warn("Draining job {} failed; the last metrics window may be missing", job, e);
            stack.cancel(job);
        }
    }

    private static void waitForMetricsToSettle(RunObserver observer) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && observer.metricsIdleFor().compareTo(METRICS_SETTLE) < 0) {
            Thread.sleep(100);
        }
    }

    private static void waitForever() throws InterruptedException {
        new CountDownLatch(1).await();
    }

    /** The live progress line on the console. */
    private static final class Progress {
        private final PrintStream out;
        private final long total;
        private final RunObserver observer;
        private final boolean terminal = System.console() != null;
        private final long startNanos = System.nanoTime();
        private volatile long sent;
        private volatile boolean replayDone;
        private volatile boolean running = true;
        private Thread thread;

        Progress(PrintStream out, long total, RunObserver observer) {
            this.out = out;
            this.total = total;
            this.observer = observer;
        }

        void start() {
            thread = new Thread(this::loop, "progress");
            thread.setDaemon(true);
            thread.start();
        }

        void sent() {
            sent++;
        }

        void replayDone(long count) {
            sent = count;
            replayDone = true;
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(2_000);
            print(true);
        }

        private void loop() {
            long tick = 0;
            while (running) {
                try {
                    Thread.sleep(TICK_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                tick++;
                // Without a terminal, print a plain line every 5 seconds instead of redrawing.
                if (terminal || tick % 10 == 0) {
                    print(false);
                }
            }
        }

        private synchronized void print(boolean last) {
            double seconds = Math.max(0.001, (System.nanoTime() - startNanos) / 1e9);
            long recommendations = observer.recommendations();
            String percent = total > 0 ? String.format(" (%3.0f%%)", 100.0 * sent / total) : "";
            String line = String.format("%s sent %,d%s | recommendations %,d | rejected %,d | %,.0f events/s",
                    replayDone ? "[replayed]" : "[replaying]", sent, percent, recommendations,
                    observer.rejects(), recommendations / seconds);
            if (terminal) {
                out.print("\r" + line + "   ");
                if (last) {
                    out.println();
                }
            } else {
                out.println(line);
            }
            out.flush();
        }
    }
}
