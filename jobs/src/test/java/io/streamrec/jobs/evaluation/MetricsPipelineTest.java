package io.streamrec.jobs.evaluation;

import static io.streamrec.jobs.evaluation.Outcomes.MINUTE;
import static io.streamrec.jobs.evaluation.Outcomes.SECOND;
import static io.streamrec.jobs.evaluation.Outcomes.T0;
import static io.streamrec.jobs.evaluation.Outcomes.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamrec.jobs.ranking.RankingOutcome;
import io.streamrec.schemas.MetricsScope;
import io.streamrec.schemas.MetricsSnapshot;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Runs {@link EvaluationPipeline#attach} on a MiniCluster at parallelism 2. */
class MetricsPipelineTest {

    private static final double EPS = 1e-12;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    @Test
    void pipelineEmitsWindowsAndTotalsPerModel() throws Exception {
        // popularity: ranks 1, 0, 3 | 2, 25 | 0 over three one-minute windows; cooccurrence: only misses.
        List<RankingOutcome> outcomes = new ArrayList<>();
        int[][] popularityRanks = {{1, 0, 3}, {2, 25}, {0}};
        for (int window = 0; window < popularityRanks.length; window++) {
            for (int i = 0; i < popularityRanks[window].length; i++) {
                long time = T0 + window * MINUTE + i * SECOND;
                outcomes.add(outcome("popularity").at(time).rank(popularityRanks[window][i]).build());
                outcomes.add(outcome("cooccurrence").at(time).rank(0).build());
            }
        }
        outcomes.add(outcome("popularity").at(T0 + 2 * MINUTE + 10 * SECOND).newUser().build());

        Configuration conf = new Configuration();
        conf.set(EvaluationOptions.CUTOFFS, List.of(5, 20));
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        DataStream<RankingOutcome> input = env
                .fromData(outcomes, TypeInformation.of(RankingOutcome.class))
                .name("test-outcomes").uid("test-outcomes")
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<RankingOutcome>forBoundedOutOfOrderness(Duration.ofSeconds(5))
                                .withTimestampAssigner((e, previous) -> e.eventTimeMillis))
                .name("test-watermarks").uid("test-watermarks");

        List<MetricsSnapshot> snapshots = new ArrayList<>();
        try (CloseableIterator<MetricsSnapshot> it = EvaluationPipeline.attach(input, conf).executeAndCollect()) {
            it.forEachRemaining(snapshots::add);
        }

        List<MetricsSnapshot> popularityWindows = select(snapshots, "popularity", MetricsScope.WINDOW);
        assertEquals(3, popularityWindows.size());
        assertEquals(List.of(3L, 2L, 1L), popularityWindows.stream().map(MetricsSnapshot::getEventsEvaluated).toList());
        assertEquals(2, popularityWindows.get(2).getEventsReceived());

        MetricsSnapshot popularity = last(select(snapshots, "popularity", MetricsScope.TOTAL));
        assertEquals(T0, popularity.getWindowStart().toEpochMilli());
        assertEquals(T0 + 3 * MINUTE, popularity.getWindowEnd().toEpochMilli());
        assertEquals(6, popularity.getEventsEvaluated());
        assertEquals(5, popularity.getCutoffs().get(0).getK());
        assertEquals(3.0 / 6, popularity.getCutoffs().get(0).getHitRate(), EPS);
        assertEquals((1.0 + 1.0 / 3 + 1.0 / 2) / 6, popularity.getCutoffs().get(0).getMrr(), EPS);
        assertEquals(3.0 / 6, popularity.getCutoffs().get(1).getHitRate(), EPS);

        MetricsSnapshot cooccurrence = last(select(snapshots, "cooccurrence", MetricsScope.TOTAL));
        assertEquals(6, cooccurrence.getEventsEvaluated());
        assertEquals(0.0, cooccurrence.getCutoffs().get(1).getHitRate(), EPS);
        assertEquals("recommend", cooccurrence.getJob());
    }

    private static List<MetricsSnapshot> select(List<MetricsSnapshot> all, String model, MetricsScope scope) {
        return all.stream()
                .filter(s -> s.getModel().equals(model) && s.getScope() == scope && s.getSegment().equals(Segments.ALL))
                .sorted(Comparator.comparing(MetricsSnapshot::getWindowEnd))
                .toList();
    }

    private static MetricsSnapshot last(List<MetricsSnapshot> snapshots) {
        return snapshots.get(snapshots.size() - 1);
    }
}
