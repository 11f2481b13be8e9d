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
 * The test kit's socket manager, but binding the sockets it pre-binds for the listeners to one
 * host address instead of every interface, on a fixed port where one is given for the listener.
 */
final class LoopbackSocketFactoryManager extends PreboundSocketFactoryManager {

    private final String host;
    private final Map<String, Integer> fixedPorts;
    private final Map<String, ServerSocketChannel> sockets = new HashMap<>();
    private final Set<String> used = new HashSet<>();

    /**
     * @param fixedPorts ports by listener name; listeners not in the map get a free port
     */
    LoopbackSocketFactoryManager(String host, Map<String, Integer> fixedPorts) {
        this.host = host;
        this.fixedPorts = Map.copyOf(fixedPorts);
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
            socket.socket().bind(new InetSocketAddress(host, fixedPorts.getOrDefault(listener, 0)));
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
