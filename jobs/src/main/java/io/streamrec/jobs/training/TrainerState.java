package io.streamrec.jobs.training;

/**
 * Everything the train job keeps per model name apart from the AUC window: the FTRL state, the
 * published version, the progressive counters, the pending publish timer and the position in
 * the window's ring buffer. A Flink POJO, so RocksDB state stores it without Kryo.
 */
public class TrainerState {

    /** Value of {@link #publishTimer} when no timer is registered. */
    public static final long NO_TIMER = Long.MIN_VALUE;

    /** The learned coordinates of the model. */
    public FtrlState ftrl;

    /** {@link FeatureVector#VERSION} of the layout the FTRL state was learned with. */
    public int featureVersion;

    /** Version of the last published snapshot; 0 before the first one. */
    public long version;

    /** Number of examples learned from since the model was created. */
    public long examplesSeen;

    /** Sum of the progressive log losses of all examples seen. */
    public double logLossSum;

    /** Number of examples learned from since the last published snapshot. */
    public long examplesSincePublish;

    /** Processing time of the registered publish timer, or {@link #NO_TIMER}. */
    public long publishTimer = NO_TIMER;

    /** Earliest event time of the model's examples, in epoch milliseconds. */
    public long firstEventTime = Long.MAX_VALUE;

    /** Latest event time of the model's examples, in epoch milliseconds. */
    public long lastEventTime = Long.MIN_VALUE;

    /** Capacity of the AUC window the ring buffer was filled with. */
    public int windowCapacity;

    /** Number of filled slots in the ring buffer, at most {@link #windowCapacity}. */
    public int windowCount;

    /** Slot the next outcome is written to. */
    public int windowNext;

    /** Creates an empty state for Flink's POJO serializer. */
    public TrainerState() {}
}
