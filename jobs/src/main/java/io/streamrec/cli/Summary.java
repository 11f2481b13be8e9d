package io.streamrec.cli;

import io.streamrec.jobs.evaluation.report.MetricsTable;
import io.streamrec.jobs.training.TrainingSnapshots;
import io.streamrec.schemas.MetricsSnapshot;
import io.streamrec.schemas.Recommendation;
import io.streamrec.schemas.RecommendedItem;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Prints the end-of-run summary of {@code demo} and {@code evaluate}. */
final class Summary {

    private static final int SAMPLE_USERS = 3;
    private static final int SAMPLE_ITEMS = 5;

    private Summary() {}

    static void print(LocalRun.Result result, long eventsRead, PrintStream out) {
        RunObserver observer = result.observer();
        out.println();
        out.println("== Summary ==");
        out.printf("Events read:               %,d%n", eventsRead + result.fileRejects() + result.replay().rejected());
        out.printf("Events sent to Kafka:      %,d%n", result.replay().sent());
        out.printf("Rejected (dead-letter):    %,d%n", observer.rejects());
        for (Map.Entry<String, Long> reason : observer.rejectsByReason().entrySet()) {
            out.printf("  %-24s %,d%n", reason.getKey(), reason.getValue());
        }
        out.printf("Recommendations emitted:   %,d%n", observer.recommendations());
        out.printf("Throughput:                %,.0f events/s (%,d events in %.1f s, from first send to last list)%n",
                result.eventsPerSecond(), result.replay().sent(), result.processing().toMillis() / 1000.0);

        List<String> users = observer.sampleUsers(SAMPLE_USERS);
        if (!users.isEmpty()) {
            out.println();
            out.println("Sample users (most active):");
        }
        for (String user : users) {
            Recommendation list = observer.latestListOf(user);
            out.printf("  user %s (%d events)%n", user, observer.eventsOf(user));
            out.println("    recent items:    " + String.join(", ", observer.recentItemsOf(user)));
            out.printf("    recommendations (%s, model version %d, variant %s):%n",
                    list.getModel(), list.getModelVersion(), list.getVariant());
            List<RecommendedItem> items = list.getItems();
            for (int i = 0; i < Math.min(SAMPLE_ITEMS, items.size()); i++) {
                RecommendedItem item = items.get(i);
                out.printf("      %d. %-16s score %.4f  %s%n", i + 1, item.getItemId(), item.getScore(), item.getReason());
            }
        }

        List<MetricsSnapshot> recommend = observer.snapshots().stream()
                .filter(s -> !TrainingSnapshots.JOB.equals(s.getJob()))
                .toList();
        out.println();
        if (recommend.isEmpty()) {
            out.println("No metrics snapshot yet: windows close as event time advances, and the exactly-once "
                    + "metrics become visible at checkpoints.");
        } else {
            out.println("Prequential metrics (test-then-train, full catalogue, running totals):");
            out.println(MetricsTable.format(recommend));
            String secondHalf = MetricsTable.formatSecondHalf(recommend);
            if (!secondHalf.isEmpty()) {
                out.println(secondHalf);
            }
        }
        observer.snapshots().stream()
                .filter(s -> TrainingSnapshots.JOB.equals(s.getJob()))
                .reduce((first, second) -> second)
                .ifPresent(t -> out.printf("Train job: %,d examples learned, progressive log loss %s, AUC %s%n",
                        t.getExamples() == null ? 0 : t.getExamples(),
                        t.getLogLoss() == null ? "-" : String.format("%.4f", t.getLogLoss()),
                        t.getAuc() == null ? "-" : String.format("%.4f", t.getAuc())));
        long rankedWith = recommend.stream().mapToLong(MetricsSnapshot::getModelVersion).max().orElse(0);
        out.printf("Newest learned model version that ranked lists: %d (0 = built-in weights); in published lists: %d%n",
                rankedWith, observer.maxLearnedVersion());
        observer.newestModel().ifPresent(model -> {
            StringBuilder weights = new StringBuilder();
            for (int i = 0; i < Math.min(model.getFeatureNames().size(), model.getWeights().size()); i++) {
                weights.append(i == 0 ? "" : ", ").append(model.getFeatureNames().get(i))
                        .append(String.format(" %.3f", model.getWeights().get(i)));
            }
            out.printf("Newest learned model, version %d: bias %.3f, %s%n", model.getVersion(), model.getBias(), weights);
        });
    }
}
