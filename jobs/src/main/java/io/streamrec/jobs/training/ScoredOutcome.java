package io.streamrec.jobs.training;

/** A prediction made before learning and the label that followed; one slot of the AUC window. */
public class ScoredOutcome {

    /** Predicted probability of label 1. */
    public double score;

    /** The label, 0 or 1. */
    public int label;

    /** Creates an empty outcome for Flink's POJO serializer. */
    public ScoredOutcome() {}

    public ScoredOutcome(double score, int label) {
        this.score = score;
        this.label = label;
    }
}
