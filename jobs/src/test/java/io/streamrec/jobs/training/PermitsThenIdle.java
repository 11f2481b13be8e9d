package io.streamrec.jobs.training;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;

/**
 * Rate limiting that lets each source reader emit a fixed number of records and then idle
 * forever, which makes an unbounded generator source stop at a known point without finishing.
 * The count restarts with each job run, while the generator's position is restored from state.
 */
final class PermitsThenIdle implements RateLimiterStrategy<NumberSequenceSplit> {

    private static final long serialVersionUID = 1L;

    private final long permits;

    PermitsThenIdle(long permits) {
        this.permits = permits;
    }

    @Override
    public RateLimiter<NumberSequenceSplit> createRateLimiter(int parallelism) {
        return new RateLimiter<>() {
            private final CompletableFuture<Void> never = new CompletableFuture<>();
            private long granted;

            @Override
            public CompletionStage<Void> acquire(int requested) {
                if (granted >= permits) {
                    return never;
                }
                granted += requested;
                return CompletableFuture.completedFuture(null);
            }
        };
    }
}
