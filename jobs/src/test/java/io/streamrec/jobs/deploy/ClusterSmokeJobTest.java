package io.streamrec.jobs.deploy;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClusterSmokeJobTest {

    /** Recomputes the accumulator the job should report by counting per key in a plain map. */
    static long expectedCountSum(long records, int keys) {
        Map<Long, Long> counts = new HashMap<>();
        long sum = 0;
        for (long n = 1; n <= records; n++) {
            long count = counts.merge(n % keys, 1L, Long::sum);
            sum += count;
        }
        return sum;
    }

    @Test
    void countSumMatchesPerKeyCounting() throws Exception {
        Configuration options = new Configuration();
        options.set(ClusterSmokeJob.RECORDS, 1_003L);
        options.set(ClusterSmokeJob.KEYS, 7);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        ClusterSmokeJob.build(env, options);

        JobExecutionResult result = env.execute(ClusterSmokeJob.JOB_NAME);

        assertEquals(expectedCountSum(1_003, 7), ClusterSmokeJob.countSum(result));
    }

    @Test
    void handCheckedCountSum() {
        // 1..5 keyed by n % 2: key 1 gets 1,3,5 (counts 1,2,3), key 0 gets 2,4 (counts 1,2).
        assertEquals(9, expectedCountSum(5, 2));
    }

    @Test
    void outOfRangeKeysAreRejected() {
        Configuration options = new Configuration();
        options.set(ClusterSmokeJob.KEYS, 0);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ClusterSmokeJob.build(env, options));
        assertEquals("streamrec.smoke.keys must be in 1..10000, got 0", e.getMessage());
    }
}
