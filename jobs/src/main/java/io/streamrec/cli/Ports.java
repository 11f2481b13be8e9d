package io.streamrec.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Checks a requested port before anything starts, so that a taken port fails with a clear message. */
final class Ports {

    private Ports() {}

    static void check(String option, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("Invalid value " + port + " for option '" + option
                    + "': expected a port from 0 to 65535 (0 picks a free port).");
        }
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalArgumentException("Port " + port + " on 127.0.0.1 is in use (option '" + option
                    + "'); stop what uses it or pass " + option + " 0 to pick a free port.");
        }
    }
}
