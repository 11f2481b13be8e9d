package io.streamrec.jobs.ranking;

import io.streamrec.jobs.config.RecommendOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VariantAssignmentTest {

    private static final int USERS = 10_000;

    @Test
    void fnv1aMatchesPublishedVectors() {
        // Test vectors of the 32-bit FNV-1a reference code by Fowler, Noll and Vo.
        assertEquals(0x811C9DC5, VariantAssignment.fnv1a(""));
        assertEquals(0xE40C292C, VariantAssignment.fnv1a("a"));
        assertEquals(0xBF9CF968, VariantAssignment.fnv1a("foobar"));
    }

    @Test
    void assignmentIsStableAcrossInstances() {
        VariantAssignment first = VariantAssignment.parse("a:popularity:1;b:cooccurrence:1;c:learned-ranker:1");
        VariantAssignment second = VariantAssignment.parse("a:popularity:1;b:cooccurrence:1;c:learned-ranker:1");

        for (int i = 0; i < USERS; i++) {
            String user = "user-" + i;
            assertEquals(first.assign(user), second.assign(user), user);
            assertEquals(first.assign(user), first.assign(user), user);
        }
    }

    @Test
    void bucketFollowsHashModuloTotalWeight() {
        VariantAssignment assignment = VariantAssignment.parse("control:cooccurrence:30;treatment:learned-ranker:70");

        for (int i = 0; i < 100; i++) {
            String user = "u" + i;
            long bucket = Integer.toUnsignedLong(VariantAssignment.fnv1a(user)) % 100;
            String expected = bucket < 30 ? "control" : "treatment";
            assertEquals(expected, assignment.assign(user).name(), user + " in bucket " + bucket);
        }
    }

    @Test
    void sharesFollowWeights() {
        VariantAssignment assignment = VariantAssignment.parse("a:popularity:50;b:cooccurrence:30;c:learned-ranker:20");
        Map<String, Integer> counts = new HashMap<>();

        for (int i = 0; i < USERS; i++) {
            counts.merge(assignment.assign("user-" + i).name(), 1, Integer::sum);
        }

        // The binomial standard deviation of a share is at most 0.5%, so 2.5% is five of them.
        assertEquals(0.50, counts.get("a") / (double) USERS, 0.025);
        assertEquals(0.30, counts.get("b") / (double) USERS, 0.025);
        assertEquals(0.20, counts.get("c") / (double) USERS, 0.025);
    }

    @Test
    void zeroWeightGetsNoUsers() {
        VariantAssignment assignment = VariantAssignment.parse("off:popularity:0;on:cooccurrence:5");

        for (int i = 0; i < 1000; i++) {
            assertEquals("on", assignment.assign("user-" + i).name());
        }
    }

    @Test
    void emptyOptionMeansDefaultVariant() {
        Configuration conf = new Configuration();
        conf.set(RecommendOptions.PUBLISHED_MODEL, "popularity");

        VariantAssignment assignment = VariantAssignment.from(conf);

        assertEquals(List.of(new VariantAssignment.Variant("default", "popularity", 1)), assignment.variants());
    }

    @Test
    void invalidEntriesRejected() {
        for (String spec : List.of("control:cooccurrence", "control:cooccurrence:x", "control:cooccurrence:-1",
                ":cooccurrence:1", "a:popularity:1;a:cooccurrence:1", "a:popularity:0", ";")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VariantAssignment.parse(spec), spec);
            assertTrue(e.getMessage().contains("ab.variants"), e.getMessage());
        }
    }

    @Test
    void modelOutsideModelsRejected() {
        Configuration conf = new Configuration();
        conf.set(RecommendOptions.MODELS, List.of("popularity"));
        conf.set(RecommendOptions.AB_VARIANTS, "a:popularity:1;b:learned-ranker:1");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VariantAssignment.from(conf));

        assertTrue(e.getMessage().contains("learned-ranker"), e.getMessage());
        assertTrue(e.getMessage().contains("recommend.models"), e.getMessage());
    }
}
