package io.streamrec.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Option;

/**
 * The configuration options every job-running command shares: a config file and single-key
 * overrides. Later sources win: built-in defaults, then the file, then {@code -D} flags.
 */
public final class ConfigMixin {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML or .properties file of options (see docs/configuration.md).")
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
}
