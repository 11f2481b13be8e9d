package io.streamrec.cli;

import picocli.CommandLine;

/** Reports the version from the jar manifest, or "development" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = StreamrecCli.class.getPackage().getImplementationVersion();
        return new String[] {"streamrec " + (version == null ? "development" : version)
                + " (Flink 2.2.1, kafka-clients 4.2.2)"};
    }
}
