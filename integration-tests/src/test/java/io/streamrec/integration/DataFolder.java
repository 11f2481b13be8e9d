package io.streamrec.integration;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the folder of public dataset samples, named by the system property
 * {@value #PROPERTY} or the environment variable {@value #ENVIRONMENT_VARIABLE}. The samples are not
 * part of the repository, so a test that needs one is skipped when it is absent.
 */
public final class DataFolder {

    public static final String PROPERTY = "streamrec.data.dir";
    public static final String ENVIRONMENT_VARIABLE = "STREAMREC_DATA_DIR";

    private DataFolder() {}

    /**
     * Returns the path of a sample file below the data folder, or skips the calling test with a
     * message naming the file when the folder or the file is absent.
     */
    public static Path requireFile(String relativePath) {
        String folder = System.getProperty(PROPERTY);
        if (folder == null || folder.isBlank()) {
            folder = System.getenv(ENVIRONMENT_VARIABLE);
        }
        Assumptions.assumeTrue(folder != null && !folder.isBlank(),
                "Skipped: no data folder; set -D" + PROPERTY + " or " + ENVIRONMENT_VARIABLE
                        + " to the folder of the dataset samples");
        Path file = Path.of(folder).resolve(relativePath);
        Assumptions.assumeTrue(Files.isRegularFile(file),
                "Skipped: dataset sample " + file + " is absent");
        return file;
    }
}
