package io.streamrec.jobs.deploy;

/**
 * The {@code host:port} of a Flink cluster's REST endpoint, the address that job submission,
 * the dashboard and {@code flink run -m} use.
 */
public record ClusterAddress(String host, int port) {

    /**
     * Parses {@code host:port}. An IPv6 host goes in brackets ({@code [::1]:8081}).
     *
     * @throws IllegalArgumentException if the host or port is missing or the port is not 1..65535
     */
    public static ClusterAddress parse(String hostAndPort) {
        if (hostAndPort == null || hostAndPort.isBlank()) {
            throw new IllegalArgumentException("Missing JobManager address: expected host:port, e.g. 127.0.0.1:8081");
        }
        String value = hostAndPort.trim();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException(
                    "Invalid JobManager address '" + hostAndPort + "': expected host:port, e.g. 127.0.0.1:8081");
        }

        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }

        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "Invalid port in JobManager address '" + hostAndPort + "': expected a number in 1..65535", e);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(
                    "Invalid port " + port + " in JobManager address '" + hostAndPort + "': expected 1..65535");
        }
        return new ClusterAddress(host, port);
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
