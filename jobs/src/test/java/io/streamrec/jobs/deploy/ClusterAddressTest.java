package io.streamrec.jobs.deploy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClusterAddressTest {

    @Test
    void hostAndPortParse() {
        ClusterAddress address = ClusterAddress.parse("127.0.0.1:8081");
        assertEquals("127.0.0.1", address.host());
        assertEquals(8081, address.port());
    }

    @Test
    void bracketedIpv6HostParses() {
        ClusterAddress address = ClusterAddress.parse("[::1]:18081");
        assertEquals("::1", address.host());
        assertEquals(18081, address.port());
        assertEquals("[::1]:18081", address.toString());
    }

    @Test
    void invalidAddressesAreRejected() {
        for (String value : new String[] {"", "localhost", "localhost:", ":8081", "host:http", "host:0", "host:65536"}) {
            assertThrows(IllegalArgumentException.class, () -> ClusterAddress.parse(value), value);
        }
    }
}
