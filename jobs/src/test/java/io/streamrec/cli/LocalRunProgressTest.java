package io.streamrec.cli;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@link JobProgress} reads job details and judges progress between two samples. */
class LocalRunProgressTest {

    private static final long SECOND = 1_000;
    private final JobProgress progress = new JobProgress(URI.create("http://127.0.0.1:1"), new JobID());

    @Test
    void parseSumsRecordsAndKeepsBusyTime() throws IOException {
        JobProgress.Sample sample = progress.parse(details(
                vertex("source", 0, 100, 250.0),
                vertex("profile", 100, 900, 4_000.0)), 5 * SECOND);

        // 0 + 100 read plus 100 + 900 written.
        assertEquals(1_100, sample.records());
        assertEquals(Map.of("source", 250L, "profile", 4_000L), sample.busyMillisByVertex());
        assertEquals(5 * SECOND, sample.takenAtMillis());
    }

    @Test
    void parseRejectsBodyWithoutVertices() {
        assertThrows(IOException.class, () -> progress.parse("{\"state\":\"RUNNING\"}", 0));
    }

    @Test
    void failuresCountExceptionHistoryEntries() throws IOException {
        String twoFailures = "{\"exceptionHistory\":{\"entries\":[{\"exceptionName\":\"java.lang.NullPointerException\"},"
                + "{\"exceptionName\":\"java.lang.NullPointerException\"}],\"truncated\":false}}";
        assertEquals(2, JobProgress.parseFailures(twoFailures));
        assertEquals(0, JobProgress.parseFailures("{\"exceptionHistory\":{\"entries\":[],\"truncated\":false}}"));
        assertThrows(IOException.class, () -> JobProgress.parseFailures("{\"errors\":[\"not found\"]}"));
    }

    @Test
    void newRecordsCountAsProgress() {
        JobProgress.Sample before = new JobProgress.Sample(1_000, Map.of("profile", 0L), 0);
        JobProgress.Sample after = new JobProgress.Sample(1_001, Map.of("profile", 0L), 10 * SECOND);

        assertTrue(after.progressedSince(before));
    }

    @Test
    void busyOperatorCountsAsProgress() {
        // No record moved, but the profile operator was busy 6 of the 10 seconds (firing timers).
        JobProgress.Sample before = new JobProgress.Sample(1_000, Map.of("profile", 2_000L, "ranking", 0L), 0);
        JobProgress.Sample after =
                new JobProgress.Sample(1_000, Map.of("profile", 8_000L, "ranking", 100L), 10 * SECOND);

        assertTrue(after.progressedSince(before));
    }

    @Test
    void idleJobShowsNoProgress() {
        // Checkpoints keep operators busy for a few milliseconds; that is below the share.
        JobProgress.Sample before = new JobProgress.Sample(1_000, Map.of("profile", 2_000L, "ranking", 0L), 0);
        long belowShare = (long) (JobProgress.BUSY_SHARE * 10 * SECOND) - 1;
        JobProgress.Sample after =
                new JobProgress.Sample(1_000, Map.of("profile", 2_000L + belowShare, "ranking", 40L), 10 * SECOND);

        assertFalse(after.progressedSince(before));
    }

    @Test
    void sameSampleTimeShowsNoProgress() {
        JobProgress.Sample before = new JobProgress.Sample(1_000, Map.of("profile", 0L), 0);
        JobProgress.Sample after = new JobProgress.Sample(1_000, Map.of("profile", 5_000L), 0);

        assertFalse(after.progressedSince(before));
    }

    @Test
    void unreachableDashboardShowsNoProgress() {
        // Port 1 on 127.0.0.1 refuses connections, so both samples fail.
        assertFalse(progress.progressed());
        assertFalse(progress.progressed());
    }

    private static String details(String... vertices) {
        return "{\"jid\":\"x\",\"state\":\"RUNNING\",\"vertices\":[" + String.join(",", vertices) + "]}";
    }

    private static String vertex(String id, long read, long written, double busyMillis) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"metrics\":{\"read-records\":" + read
                + ",\"write-records\":" + written + ",\"accumulated-busy-time\":" + busyMillis + "}}";
    }
}
