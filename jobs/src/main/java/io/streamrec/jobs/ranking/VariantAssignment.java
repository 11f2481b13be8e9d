package io.streamrec.jobs.ranking;

import io.streamrec.jobs.config.RecommendOptions;
import org.apache.flink.configuration.Configuration;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The A/B variants of the recommend job and the stable assignment of users to them.
 *
 * <p>A user's bucket is the 32-bit FNV-1a hash of the UTF-8 bytes of the user id, read as an
 * unsigned number, modulo the total weight. Variants own consecutive bucket ranges in the order they
 * are listed, each as wide as its weight. FNV-1a is fixed by its definition (offset basis
 * 2166136261, prime 16777619), so the assignment is the same in every JVM, job and restart, and it
 * changes only when the variant list changes.
 */
public final class VariantAssignment implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Name of the single variant when {@code ab.variants} is empty. */
    public static final String DEFAULT_VARIANT = "default";

    /** Largest weight of one variant. */
    public static final int MAX_WEIGHT = 1_000_000;

    private static final int FNV_OFFSET_BASIS = 0x811C9DC5;
    private static final int FNV_PRIME = 0x01000193;

    /**
     * One variant: its name, the model whose list its users receive, and its weight.
     *
     * @param name variant name carried by recommendations and outcomes
     * @param model ranking model published to the variant's users
     * @param weight share of the users, relative to the other variants' weights
     */
    public record Variant(String name, String model, int weight) implements Serializable {}

    private final List<Variant> variants;
    private final long totalWeight;

    private VariantAssignment(List<Variant> variants) {
        this.variants = List.copyOf(variants);
        long total = 0;
        for (Variant variant : variants) {
            total += variant.weight();
        }
        this.totalWeight = total;
    }

    /**
     * Reads {@code ab.variants}, or the single {@code default} variant publishing
     * {@code recommend.model} when it is empty, and checks each variant's model against
     * {@code recommend.models}.
     *
     * @throws IllegalArgumentException naming the option, the entry and what is accepted
     */
    public static VariantAssignment from(Configuration conf) {
        String spec = conf.get(RecommendOptions.AB_VARIANTS);
        VariantAssignment assignment = spec == null || spec.isBlank()
                ? new VariantAssignment(List.of(new Variant(DEFAULT_VARIANT, conf.get(RecommendOptions.PUBLISHED_MODEL), 1)))
                : parse(spec);
        List<String> models = conf.get(RecommendOptions.MODELS);
        for (Variant variant : assignment.variants) {
            if (!models.contains(variant.model())) {
                throw new IllegalArgumentException("Invalid model " + variant.model() + " of variant " + variant.name()
                        + ": expected one of the models in '" + RecommendOptions.MODELS.key() + "' " + models + ".");
            }
        }
        return assignment;
    }

    /**
     * Parses {@code name:model:weight} entries separated by semicolons. Names must be distinct and
     * non-empty, weights integers from 0 to {@value #MAX_WEIGHT}, and at least one weight positive.
     *
     * @throws IllegalArgumentException naming the option, the entry and what is accepted
     */
    public static VariantAssignment parse(String spec) {
        List<Variant> variants = new ArrayList<>();
        Set<String> names = new HashSet<>();
        long total = 0;
        for (String entry : spec.split(";")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] parts = trimmed.split(":", -1);
            if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank()) {
                throw invalid(trimmed, "expected name:model:weight, such as control:cooccurrence:50");
            }
            String name = parts[0].trim();
            int weight;
            try {
                weight = Integer.parseInt(parts[2].trim());
            } catch (NumberFormatException e) {
                throw invalid(trimmed, "the weight must be an integer from 0 to " + MAX_WEIGHT);
            }
            if (weight < 0 || weight > MAX_WEIGHT) {
                throw invalid(trimmed, "the weight must be an integer from 0 to " + MAX_WEIGHT);
            }
            if (!names.add(name)) {
                throw invalid(trimmed, "variant " + name + " is listed twice");
            }
            variants.add(new Variant(name, parts[1].trim(), weight));
            total += weight;
        }
        if (variants.isEmpty()) {
            throw invalid(spec, "expected at least one name:model:weight entry");
        }
        if (total == 0) {
            throw invalid(spec, "at least one weight must be positive");
        }
        return new VariantAssignment(variants);
    }

    /** Returns the variant of a user; the same id always gets the same variant. */
    public Variant assign(String userId) {
        long bucket = Integer.toUnsignedLong(fnv1a(userId)) % totalWeight;
        for (Variant variant : variants) {
            bucket -= variant.weight();
            if (bucket < 0) {
                return variant;
            }
        }
        throw new IllegalStateException("Bucket beyond the total weight " + totalWeight);
    }

    /** Returns the variants in the order they were listed. */
    public List<Variant> variants() {
        return variants;
    }

    /** Returns the names of the models some variant publishes. */
    public Set<String> publishedModels() {
        Set<String> models = new HashSet<>();
        variants.forEach(variant -> models.add(variant.model()));
        return models;
    }

    /** Computes the 32-bit FNV-1a hash of the UTF-8 bytes of {@code text}. */
    static int fnv1a(String text) {
        int hash = FNV_OFFSET_BASIS;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= FNV_PRIME;
        }
        return hash;
    }

    private static IllegalArgumentException invalid(String entry, String accepted) {
        return new IllegalArgumentException(
                "Invalid entry '" + entry + "' in option '" + RecommendOptions.AB_VARIANTS.key() + "': " + accepted + ".");
    }

    @Override
    public String toString() {
        return variants.toString();
    }
}
