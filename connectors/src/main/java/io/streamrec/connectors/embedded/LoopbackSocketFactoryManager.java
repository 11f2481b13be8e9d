package io.streamrec.connectors.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.test.PreboundSocketFactoryManager;

/**
 * The test kit's socket manager, but binding its prebound sockets (the controller's) to
 * 127.0.0.1 instead of every interface.
 */
final class LoopbackSocketFactoryManager extends PreboundSocketFactoryManager {

    private final String host;
    private final Map<String, ServerSocketChannel> sockets = new HashMap<>();
    private final Set<String> used = new HashSet<>();

    LoopbackSocketFactoryManager(String host) {
        this.host = host;
    }

    private static String key(int nodeId, String listener) {
        return nodeId + "/" + listener;
    }

    @Override
    public synchronized int getOrCreatePortForListener(int nodeId, String listener) throws IOException {
        ServerSocketChannel socket = sockets.get(key(nodeId, listener));
        if (socket == null) {
            // Configured as Kafka's own server socket factory does: non-blocking, default backlog.
            socket = ServerSocketChannel.open();
            socket.configureBlocking(false);
            socket.socket().bind(new InetSocketAddress(host, 0));
            sockets.put(key(nodeId, listener), socket);
        }
        return ((InetSocketAddress) socket.getLocalAddress()).getPort();
    }

    @Override
    public synchronized ServerSocketChannel getSocketForListenerAndMarkAsUsed(int nodeId, String listener) {
        String key = key(nodeId, listener);
        ServerSocketChannel socket = sockets.get(key);
        if (socket != null) {
            used.add(key);
        }
        return socket;
    }

    @Override
    public synchronized void close() throws Exception {
        // Sockets handed to a server are closed by that server; close only the ones never used.
        for (Map.Entry<String, ServerSocketChannel> entry : sockets.entrySet()) {
            if (!used.contains(entry.getKey())) {
                entry.getValue().close();
            }
        }
        sockets.clear();
        super.close();
    }
}
