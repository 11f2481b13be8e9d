package io.streamrec.jobs.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The jars of a streamrec build ({@code jobs/target}), split into the Flink runtime that a
 * session cluster puts on its own classpath and the application jars that every job submission
 * ships.
 *
 * <p>The cluster side models what a Flink binary distribution has in {@code lib/}: the Flink
 * runtime modules, their third-party libraries, RocksDB's JNI build and the logging jars.
 * Everything else is shipped: the streamrec jars, the Kafka connector, {@code flink-avro},
 * Avro, kafka-clients, Jackson and the rest. The Kafka connector and {@code flink-avro} must
 * stay off the cluster classpath because Flink always loads {@code org.apache.flink.} classes
 * parent-first. A cluster copy of the connector would bind to the cluster's kafka-clients while
 * the job's own code loads the shipped kafka-clients, and the two copies of a class clash.
 *
 * <p>{@link #main} prints either list, so that {@code deploy/local-cluster/start.sh} and
 * {@code deploy/kubernetes/stage-usrlib.sh} apply the same rule as the submitter.
 */
public final class JobJars {

    /**
     * Flink connector and format modules that jobs ship. Where a cluster has its own copy in
     * {@code lib/}, Flink's parent-first rule for {@code org.apache.flink.} uses that copy.
     */
    static final List<String> SHIPPED_FLINK_PREFIXES =
            List.of("flink-connector-kafka-", "flink-connector-base-", "flink-avro-");

    /**
     * Third-party libraries of the Flink runtime and the logging jars, taken from
     * {@code mvn dependency:tree} of Flink 2.2.1. NOTE: the local cluster proves the list is
     * enough to run Flink. Whether a Flink binary distribution bundles each of them was not
     * checked, and a job on such a cluster misses any that it does not bundle.
     */
    static final List<String> RUNTIME_LIBRARY_PREFIXES =
            List.of(
                    "async-profiler-",
                    "commons-cli-",
                    "commons-codec-",
                    "commons-collections-",
                    "commons-compress-",
                    "commons-io-",
                    "commons-lang3-",
                    "commons-math3-",
                    "commons-text-",
                    "frocksdbjni-",
                    "javassist-",
                    "jsr305-",
                    "kryo-",
                    "log4j-api-",
                    "log4j-core-",
                    "log4j-slf4j2-impl-",
                    "lz4-java-",
                    "minlog-",
                    "objenesis-",
                    "reflectasm-",
                    "slf4j-api-",
                    "snakeyaml-engine-",
                    "snappy-java-");

    private static final String JOBS_JAR_PREFIX = "streamrec-jobs-";

    private final Path jobsJar;
    private final List<Path> libraryJars;

    private JobJars(Path jobsJar, List<Path> libraryJars) {
        this.jobsJar = jobsJar;
        this.libraryJars = libraryJars;
    }

    /**
     * Reads the build output in {@code jobsTargetDir}: the {@code streamrec-jobs-*.jar} and the
     * dependency jars in its {@code lib/} folder.
     *
     * @throws IllegalStateException if the jar or the folder is missing, with the build command
     */
    public static JobJars fromBuildOutput(Path jobsTargetDir) {
        Path libDir = jobsTargetDir.resolve("lib");
        if (!Files.isDirectory(libDir)) {
            throw new IllegalStateException(
                    "Dependency folder " + libDir + " not found. Build the project first: "
                            + "mvn -B -DskipTests -pl jobs -am package");
        }
        List<Path> jobsJars = listJars(jobsTargetDir).stream()
                .filter(p -> fileName(p).startsWith(JOBS_JAR_PREFIX))
                .filter(p -> !fileName(p).endsWith("-tests.jar"))
                .collect(Collectors.toList());
        if (jobsJars.size() != 1) {
            throw new IllegalStateException(
                    "Expected exactly one " + JOBS_JAR_PREFIX + "*.jar in " + jobsTargetDir
                            + " but found " + jobsJars + ". Rebuild: mvn -B -DskipTests -pl jobs -am package");
        }
        return new JobJars(jobsJars.get(0), listJars(libDir));
    }

    /**
     * Reads the build output of the checkout that {@code bin/streamrec} runs from (system
     * property {@code streamrec.home}, which the launcher sets), else of the current folder.
     */
    public static JobJars fromLauncher() {
        String home = System.getProperty("streamrec.home", ".");
        return fromBuildOutput(Path.of(home, "jobs", "target"));
    }

    /** Returns whether a session cluster provides the jar with this file name on its classpath. */
    public static boolean isProvidedByCluster(String jarFileName) {
        if (SHIPPED_FLINK_PREFIXES.stream().anyMatch(jarFileName::startsWith)) {
            return false;
        }
        if (jarFileName.startsWith("flink-")) {
            return true;
        }
        return RUNTIME_LIBRARY_PREFIXES.stream().anyMatch(jarFileName::startsWith);
    }

    /** Returns the jars a job submission ships: the jobs jar first, then the application libraries. */
    public List<Path> shipped() {
        List<Path> jars = new ArrayList<>();
        jars.add(jobsJar);
        libraryJars.stream().filter(p -> !isProvidedByCluster(fileName(p))).forEach(jars::add);
        return jars;
    }

    /** Returns the jars a session cluster started from this build puts on its classpath. */
    public List<Path> clusterClasspath() {
        return libraryJars.stream()
                .filter(p -> isProvidedByCluster(fileName(p)))
                .collect(Collectors.toList());
    }

    /** Returns the {@code streamrec-jobs-*.jar}. */
    public Path jobsJar() {
        return jobsJar;
    }

    /**
     * Prints, joined with the path separator, the cluster classpath of the build in the
     * {@code jobs/target} folder given as the last argument, or with {@code --shipped} first,
     * the jars a job submission ships.
     */
    public static void main(String[] args) {
        boolean shipped = args.length == 2 && args[0].equals("--shipped");
        if (args.length != 1 && !shipped) {
            System.err.println("Usage: JobJars [--shipped] <jobs/target folder>");
            System.exit(2);
        }
        JobJars jars = fromBuildOutput(Path.of(args[args.length - 1]));
        List<Path> selected = shipped ? jars.shipped() : jars.clusterClasspath();
        System.out.println(selected.stream()
                .map(Path::toString)
                .collect(Collectors.joining(java.io.File.pathSeparator)));
    }

    private static List<Path> listJars(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> fileName(p).endsWith(".jar")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to list jars in " + dir, e);
        }
    }

    private static String fileName(Path path) {
        return path.getFileName().toString();
    }
}
