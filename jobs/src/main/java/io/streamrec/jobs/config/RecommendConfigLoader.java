package io.streamrec.jobs.config;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.YamlParserUtils;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the recommend job's configuration from a file and from command-line pairs.
 *
 * <p>Accepted arguments, applied in order so that a later value wins:
 *
 * <pre>
 *   --config job.yaml          a YAML file (nested keys are joined with dots) or a .properties file
 *   --recommend.list-size 10   one option as "--key value"
 *   -Drecommend.list-size=10   one option as "-Dkey=value"
 * </pre>
 *
 * <p>Values stay strings here; {@link RecommendOptionsValidator} parses and checks them.
 */
public final class RecommendConfigLoader {

    /** Argument naming a configuration file. */
    public static final String CONFIG_FILE_ARGUMENT = "--config";

    private RecommendConfigLoader() {}

    /** Builds a configuration from the given arguments; see the class comment for the syntax. */
    public static Configuration load(String... args) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("-D")) {
                int equals = arg.indexOf('=');
                if (equals < 3) {
                    throw new IllegalArgumentException(
                            "Invalid argument '" + arg + "': expected -Dkey=value.");
                }
                values.put(arg.substring(2, equals), arg.substring(equals + 1));
            } else if (arg.startsWith("--")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("Missing value after argument '" + arg + "'.");
                }
                String value = args[++i];
                if (arg.equals(CONFIG_FILE_ARGUMENT)) {
                    values.putAll(readFile(Path.of(value)));
                } else {
                    values.put(arg.substring(2), value);
                }
            } else {
                throw new IllegalArgumentException(
                        "Invalid argument '" + arg + "': expected --config FILE, --key value or -Dkey=value.");
            }
        }

        Configuration configuration = new Configuration();
        values.forEach(configuration::setString);
        return configuration;
    }

    /** Reads a .properties file, or a YAML file for any other extension, into flat key-value pairs. */
    public static Map<String, String> readFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Configuration file not found: " + file.toAbsolutePath());
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (file.getFileName().toString().endsWith(".properties")) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key).trim()));
            return values;
        }

        Map<String, Object> yaml;
        try {
            yaml = YamlParserUtils.loadYamlFile(file.toFile());
        } catch (Exception e) {
            throw new IOException("Failed to parse YAML configuration file " + file.toAbsolutePath(), e);
        }
        flatten("", yaml, values);
        return values;
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = prefix + entry.getKey();
            Object value = entry.getValue();
            if (value instanceof Map<?, ?> nested) {
                flatten(key + ".", nested, out);
            } else if (value != null) {
                out.put(key, value.toString());
            }
        }
    }
}
