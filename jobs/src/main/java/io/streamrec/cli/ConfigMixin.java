package io.streamrec.cli;

import io.streamrec.jobs.config.RecommendConfigLoader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.flink.configuration.Configuration;

import picocli.CommandLine.Option;

/**
 * The configuration options every job-running command shares: a config file and single-key
 * overrides. Later sources win: built-in defaults, then the file, then {@code -D} flags.
 */
public final class ConfigMixin {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML or .properties file of options (see docs/recommend-options.md).")
    Path configFile;

    @Option(names = "-D", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Sets one option, such as -D recommend.list-size=10. Repeatable; wins over the file.")
    Map<String, String> overrides = new LinkedHashMap<>();

    public Path configFile() {
        return configFile;
    }

    public Map<String, String> overrides() {
        return overrides;
    }

    /**
     * Builds the configuration: {@code defaults} (the command's own, such as the local broker's
     * address), then the file, then the {@code -D} flags.
     */
    public Configuration load(Map<String, String> defaults) throws IOException {
        Map<String, String> values = new LinkedHashMap<>(defaults);
        if (configFile != null) {
            try {
                values.putAll(RecommendConfigLoader.readFile(configFile));
            } catch (IOException e) {
                throw new IllegalArgumentException("Invalid value '" + configFile + "' for option '--config': "
                        + StreamrecCli.messages(e) + ".");
            }
        }
        values.putAll(overrides);
        KnownOptions.check(values);
        Configuration configuration = new Configuration();
        values.forEach(configuration::setString);
        return configuration;
    }

    /** True when the user set {@code key} in the file or with {@code -D}. */
    public boolean userSet(String key) throws IOException {
        if (overrides.containsKey(key)) {
            return true;
        }
        return configFile != null && RecommendConfigLoader.readFile(configFile).containsKey(key);
    }
}
