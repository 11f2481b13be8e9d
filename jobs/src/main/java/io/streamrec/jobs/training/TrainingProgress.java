package io.streamrec.jobs.training;

/**
 * Learning progress of one model at one published version, emitted beside each
 * {@link io.streamrec.schemas.ModelUpdate}.
 *
 * <p>NOTE: a stand-in until the shared metrics schema exists; the fields copy the ModelUpdate's
 * so that the mapping to that schema is direct.
 */
public class TrainingProgress {

    /** Name of the model. */
    public String modelName;

    /** Version that was published. */
    public long version;

    /** Examples learned from since the model was created. */
    public long examplesSeen;

    /** Mean progressive log loss over every example seen. */
    public double progressiveLogLoss;

    /** Mean progressive log loss over the recent window. */
    public double recentLogLoss;

    /** AUC over the recent window; NaN while the window lacks a positive or a negative. */
    public double auc;

    /** Number of examples in the recent window. */
    public int aucWindowExamples;

    /** Processing time of the publication, in milliseconds since the Unix epoch. */
    public long createdAtMillis;

    /** Creates an empty progress record for Flink's POJO serializer. */
    public TrainingProgress() {}

    /** Copies the progress fields of {@code update}. */
    public static TrainingProgress of(io.streamrec.schemas.ModelUpdate update) {
        TrainingProgress progress = new TrainingProgress();
        progress.modelName = update.getModelName();
        progress.version = update.getVersion();
        progress.examplesSeen = update.getExamplesSeen();
        progress.progressiveLogLoss = update.getProgressiveLogLoss();
        progress.recentLogLoss = update.getRecentLogLoss();
        progress.auc = update.getAuc() == null ? Double.NaN : update.getAuc();
        progress.aucWindowExamples = update.getAucWindowExamples();
        progress.createdAtMillis = update.getCreatedAt().toEpochMilli();
        return progress;
    }

    @Override
    public String toString() {
        return "TrainingProgress{model=" + modelName + ", version=" + version + ", examplesSeen=" + examplesSeen
                + ", progressiveLogLoss=" + progressiveLogLoss + ", recentLogLoss=" + recentLogLoss
                + ", auc=" + auc + ", aucWindowExamples=" + aucWindowExamples + '}';
    }
}
