package io.streamrec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.flink.api.common.JobID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sampler of a running job's progress, which separates a slow job from one that has stopped working. It
 * reads the job details of the Flink REST API ({@code GET /jobs/:jobid}): the records the job's
 * operators read and wrote, and the busy time of each operator.
 *
 * <p>The job has progressed between two samples when its operators read or wrote more records, or
 * when one operator was busy for at least {@link #BUSY_SHARE} of the time between them. The second
 * case covers an operator that works without moving records, such as one that fires many timers.
 * Flink refreshes these figures about every 10 seconds ({@code metrics.fetcher.update-interval}),
 * so samples closer together than that often show no change.
 */
final class JobProgress {

    /** Share of the time between two samples that one operator must be busy to count as progress. */
    static final double BUSY_SHARE = 0.5;

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(JobProgress.class);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI jobUri;
    private Sample previous;
    private boolean warned;

    JobProgress(URI dashboard, JobID job) {
        this.jobUri = dashboard.resolve("/jobs/" + job);
    }

    /** Counters of one job details response. */
    record Sample(long records, Map<String, Long> busyMillisByVertex, long takenAtMillis) {

        /** Returns whether the job progressed from {@code earlier} to this sample. */
        boolean progressedSince(Sample earlier) {
            if (records != earlier.records) {
                return true;
            }
            long elapsed = takenAtMillis - earlier.takenAtMillis;
            if (elapsed <= 0) {
                return false;
            }
            for (Map.Entry<String, Long> vertex : busyMillisByVertex.entrySet()) {
                Long before = earlier.busyMillisByVertex.get(vertex.getKey());
                if (before != null && vertex.getValue() - before >= BUSY_SHARE * elapsed) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Takes a sample and returns whether the job progressed since the previous call. The first call,
     * and any call whose request fails, returns false.
     */
    boolean progressed() {
        Sample current;
        try {
            current = parse(fetch(), System.currentTimeMillis());
        } catch (IOException e) {
            // The run then judges progress by the recommendations alone; one warning is enough.
            if (!warned) {
                LOG.warn("Reading the progress of the job from {} failed; judging progress by the lists only",
                        jobUri, e);
                warned = true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        boolean progressed = previous != null && current.progressedSince(previous);
        previous = current;
        return progressed;
    }

    /**
     * Returns how many failures the job's exception history lists ({@code GET /jobs/:jobid/exceptions}):
     * each one restarted the job from its last checkpoint.
     *
     * @throws IOException if the request fails or the response has no exception history
     */
    int failures() throws IOException, InterruptedException {
        return parseFailures(fetch(URI.create(jobUri + "/exceptions")));
    }

    /** Counts the entries of {@code exceptionHistory} in an exceptions response. */
    static int parseFailures(String body) throws IOException {
        JsonNode entries = new ObjectMapper().readTree(body).path("exceptionHistory").path("entries");
        if (!entries.isArray()) {
            throw new IOException("Invalid exceptions response: exceptionHistory.entries is missing");
        }
        return entries.size();
    }

    private String fetch() throws IOException, InterruptedException {
        return fetch(jobUri);
    }

    private String fetch(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " returned HTTP " + response.statusCode());
        }
        return response.body();
    }

    /**
     * Reads the sums of {@code read-records} and {@code write-records} over the job's vertices and
     * each vertex's {@code accumulated-busy-time} from a job details response.
     *
     * @throws IOException if the text is not JSON or has no {@code vertices} array
     */
    Sample parse(String body, long takenAtMillis) throws IOException {
        JsonNode vertices = json.readTree(body).path("vertices");
        if (!vertices.isArray()) {
            throw new IOException("Invalid job details from " + jobUri + ": the vertices array is missing");
        }
        long records = 0;
        Map<String, Long> busy = new HashMap<>();
        for (JsonNode vertex : vertices) {
            JsonNode metrics = vertex.path("metrics");
            records += metrics.path("read-records").asLong(0) + metrics.path("write-records").asLong(0);
            busy.put(vertex.path("id").asText(), metrics.path("accumulated-busy-time").asLong(0));
        }
        return new Sample(records, busy, takenAtMillis);
    }
}
