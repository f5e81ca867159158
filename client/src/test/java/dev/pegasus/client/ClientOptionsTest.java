package dev.pegasus.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.fake.FakeCluster;
import dev.pegasus.protocol.ErrorCode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientOptionsTest {
    @Test
    void defaults() {
        ClientOptions options = ClientOptions.builder().metaServers("127.0.0.1:34601, 127.0.0.1:34602").build();
        assertEquals(List.of("127.0.0.1:34601", "127.0.0.1:34602"), options.metaServers());
        assertEquals(Duration.ofSeconds(1), options.operationTimeout());
        assertEquals(Duration.ofSeconds(1), options.connectTimeout());
        assertEquals(Duration.ofSeconds(60), options.ddlTimeout());
        assertEquals(2, options.ioThreads());
        assertEquals(1 << 20, options.maxValueBytes());
        assertEquals(4 << 20, options.maxRequestBytes());
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.builder().build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClientOptions.builder().metaServers("127.0.0.1").build());
        assertTrue(e.getMessage().contains("not host:port"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.builder().operationTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.builder().ioThreads(0));
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.builder().maxValueBytes(-1));
    }

    @Test
    void acceptsHostNames() {
        ClientOptions options = ClientOptions.builder().metaServers(List.of("localhost:1")).build();
        assertEquals("127.0.0.1:1", Addresses.resolve(options.metaServers().get(0)).toString());
    }

    @Test
    void openTableOfAnUnknownTableNamesIt() {
        try (FakeCluster cluster = FakeCluster.start(1);
                PegasusClient client = PegasusClient.open(cluster.metaAddress())) {
            PegasusException e = TestSupport.assertPegasusError(ErrorCode.ERR_OBJECT_NOT_FOUND,
                    () -> client.openTable("nope"));
            assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
        }
    }

    @Test
    void closedClientRefusesWork() {
        try (FakeCluster cluster = FakeCluster.start(1)) {
            cluster.createTable("t", 1);
            PegasusClient client = PegasusClient.open(cluster.metaAddress());
            PegasusTable table = client.openTable("t");
            client.close();
            client.close();
            TestSupport.assertPegasusError(ErrorCode.ERR_SESSION_RESET, () -> table.get(TestSupport.b("h"), TestSupport.b("s")));
            assertThrows(IllegalStateException.class, () -> client.openTable("t"));
        }
    }
}
