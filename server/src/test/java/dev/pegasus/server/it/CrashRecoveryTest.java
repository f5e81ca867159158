package dev.pegasus.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusException;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.client.TableInfo;
import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.PartitionHash;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.StorageStatus;
import dev.pegasus.protocol.rpc.RpcClient;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.thrift.update_request;
import dev.pegasus.protocol.thrift.update_response;
import dev.pegasus.server.testing.Await;
import dev.pegasus.server.testing.ProcessCluster;
import dev.pegasus.server.testing.TestClients;
import dev.pegasus.server.testing.WriteLoad;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real server JVMs on loopback, killed with SIGKILL: no acknowledged write is lost, clients find
 * restarted servers by themselves, tables outlive a meta server restart, and bad input is refused
 * while the servers keep serving.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashRecoveryTest {
    @TempDir
    static Path dir;
    static ProcessCluster cluster;
    static PegasusClient client;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new ProcessCluster(dir, 3);
        client = TestClients.openWhenAlive(cluster.metaAddress(), Duration.ofSeconds(1), 3);
        client.admin().createTable("t1", 8, 1, Map.of());
    }

    @AfterAll
    static void stopCluster() {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static final int WRITERS = 16;
    private static final int KEYS_PER_WRITER = 50;

    @Test
    @Order(1)
    void noAcknowledgedWriteIsLostWhenAReplicaServerIsKilled() throws Exception {
        PegasusTable table = client.openTable("t1");
        WriteLoad load = new WriteLoad(table, "w", WRITERS, KEYS_PER_WRITER, 3000, Duration.ofSeconds(60));
        Await.until("writes before the crash", Duration.ofSeconds(30), () -> load.acknowledged() >= 1000);
        cluster.killReplica(1);
        int beforeRestart = load.acknowledged();
        Await.until("writes while a server is down", Duration.ofSeconds(30), () -> load.acknowledged() >= beforeRestart + 100);
        cluster.startReplica(1);
        int afterRestart = load.acknowledged();
        Await.until("writes after the restart", Duration.ofSeconds(30), () -> load.acknowledged() >= afterRestart + 1000);
        load.close();
        assertTrue(load.failed() > 0, "some writes hit the dead server while it was down");
        assertEquals(WRITERS * KEYS_PER_WRITER, load.verify(table));
    }

    @Test
    @Order(2)
    void tablesSurviveAMetaServerRestart() throws Exception {
        PegasusTable table = client.openTable("t1");
        table.set(utf8("meta-restart"), utf8("sk"), utf8("before"));
        cluster.killMeta(0);
        cluster.startMeta(0);
        Await.until("meta server lists t1", Duration.ofSeconds(30),
                () -> client.admin().listTables(false).stream().map(TableInfo::name).anyMatch("t1"::equals));
        assertArrayEquals(utf8("before"), table.get(utf8("meta-restart"), utf8("sk")));
        Await.until("replica servers alive again", Duration.ofSeconds(30),
                () -> client.admin().listNodes().stream().filter(n -> n.alive()).count() == 3);
        client.admin().createTable("t2", 4, 1, Map.of());
        PegasusTable t2 = client.openTable("t2");
        t2.set(utf8("a"), utf8("b"), utf8("c"));
        assertArrayEquals(utf8("c"), t2.get(utf8("a"), utf8("b")));
    }

    @Test
    @Order(3)
    void badInputGetsClearErrorsAndServersKeepServing() throws Exception {
        PegasusException unknown = assertThrows(PegasusException.class, () -> client.openTable("no_such_table"));
        assertEquals(ErrorCode.ERR_OBJECT_NOT_FOUND, unknown.code());
        assertTrue(unknown.getMessage().contains("no_such_table"), unknown.getMessage());

        PegasusTable table = client.openTable("t1");
        IllegalArgumentException hashKey = assertThrows(IllegalArgumentException.class,
                () -> table.set(new byte[64 * 1024], utf8("sk"), utf8("v")));
        assertTrue(hashKey.getMessage().contains("65535"), hashKey.getMessage());
        IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
                () -> table.set(utf8("h"), utf8("s"), new byte[2 << 20]));
        assertTrue(value.getMessage().contains("value"), value.getMessage());

        try (Socket socket = new Socket("127.0.0.1", RpcAddress.parse(cluster.replicaAddress(0)).port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(utf8("this is not a frame at all, just garbage bytes"));
            InputStream in = socket.getInputStream();
            assertEquals(-1, in.read(), "the server closes a connection that sends garbage");
        }

        // The server checks limits again, for clients that skip the client-side checks.
        byte[] key = KeySchema.encode(utf8("big"), utf8("value"));
        int partition = PartitionHash.partitionIndex(PartitionHash.ofStorageKey(key), table.partitionCount());
        var config = client.admin().queryConfig("t1");
        RpcAddress primary = RpcAddress.parse(config.partitions().get(partition).primary());
        try (RpcClient raw = new RpcClient("raw", 1, 1000)) {
            update_response response = raw.call(primary, RpcMethods.RRDB_PUT, new Gpid(config.appId(), partition),
                    PartitionHash.ofStorageKey(key), new update_request().setKey(key).setValue(new byte[2 << 20]), 5000)
                    .get(10, TimeUnit.SECONDS);
            assertEquals(StorageStatus.INVALID_ARGUMENT, response.getError());
        }

        table.set(utf8("still"), utf8("serving"), utf8("yes"));
        assertArrayEquals(utf8("yes"), table.get(utf8("still"), utf8("serving")));
    }
}
