package dev.pegasus.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.Duplication;
import dev.pegasus.client.DuplicationStatus;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusException;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.thrift.duplication_add_request;
import dev.pegasus.protocol.thrift.duplication_add_response;
import dev.pegasus.server.meta.DuplicationOptions;
import dev.pegasus.server.testing.Await;
import dev.pegasus.server.testing.InProcessCluster;
import dev.pegasus.server.testing.MetaProbe;
import dev.pegasus.server.testing.TableContents;
import dev.pegasus.server.testing.TestClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real clusters on loopback, the source (cluster id 1) knowing the remote (cluster id 2): a table
 * duplicated to a table of the same name with another partition count receives every write acknowledged
 * after the duplication was added, deletes and incr included; pause holds writes back, start ships
 * them, remove stops; bad requests change nothing.
 */
class DuplicationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static InProcessCluster remote;
    static InProcessCluster source;
    static PegasusClient remoteClient;
    static PegasusClient sourceClient;

    @BeforeAll
    static void startClusters() throws Exception {
        remote = new InProcessCluster(dir.resolve("remote"), 1, 3, options -> options.withDuplication(
                new DuplicationOptions(2, Map.of())));
        List<Integer> sourcePorts = InProcessCluster.freePorts(1);
        // "twin" is this very cluster under another name: a remote with the same cluster id.
        source = new InProcessCluster(dir.resolve("source"), sourcePorts, 3, options -> options.withDuplication(
                DuplicationOptions.parse(1, List.of("remote=" + remote.metaAddress(),
                        "twin=127.0.0.1:" + sourcePorts.get(0)))
                        .withCheckpointRoot(dir.resolve("checkpoints").toUri().toString())));
        remoteClient = TestClients.openWhenAlive(remote.metaAddress(), Duration.ofSeconds(5), 3);
        sourceClient = TestClients.openWhenAlive(source.metaAddress(), Duration.ofSeconds(5), 3);
    }

    @AfterAll
    static void stopClusters() {
        if (sourceClient != null) {
            sourceClient.close();
        }
        if (remoteClient != null) {
            remoteClient.close();
        }
        if (source != null) {
            source.close();
        }
        if (remote != null) {
            remote.close();
        }
    }

    @Test
    void writesAfterTheDuplicationReachTheRemoteTableWithAnotherPartitionCount() {
        sourceClient.admin().createTable("orders", 4, 3, Map.of());
        remoteClient.admin().createTable("orders", 8, 3, Map.of());
        PegasusTable orders = sourceClient.openTable("orders");
        orders.set(bytes("before"), bytes("s"), bytes("not shipped"));

        int dupid = sourceClient.admin().addDuplication("orders", "remote");
        for (int i = 0; i < 300; i++) {
            orders.set(bytes("user" + i), bytes("name"), bytes("value " + i));
        }
        for (int i = 0; i < 300; i += 3) {
            orders.del(bytes("user" + i), bytes("name"));
        }
        for (int i = 0; i < 20; i++) {
            orders.incr(bytes("counter"), bytes("n"), 5);
        }

        awaitShipped("orders", dupid);
        Map<String, String> expected = TableContents.of(orders);
        expected.remove("before/s");
        assertEquals(expected, TableContents.of(remoteClient.openTable("orders")));
        assertNull(remoteClient.openTable("orders").get(bytes("before"), bytes("s")),
                "a write acknowledged before the duplication was added is not shipped");
        assertEquals(200, expected.values().stream().filter(value -> value.startsWith("value")).count());
        assertEquals("100", expected.get("counter/n"));
    }

    @Test
    void aFullDuplicationCreatesTheRemoteTableFromTheDataAndShipsWhatFollows() {
        sourceClient.admin().createTable("history", 4, 3, Map.of("default_ttl", "0"));
        PegasusTable history = sourceClient.openTable("history");
        for (int i = 0; i < 300; i++) {
            history.set(bytes("old" + i), bytes("s"), bytes("before the duplication " + i));
        }
        for (int i = 0; i < 300; i += 5) {
            history.del(bytes("old" + i), bytes("s"));
        }
        history.incr(bytes("counter"), bytes("n"), 7);

        int dupid = sourceClient.admin().addDuplication("history", "remote", true);
        Duplication added = sourceClient.admin().listDuplications("history").get(0);
        assertTrue(added.status() == DuplicationStatus.PREPARE || added.status() == DuplicationStatus.APP
                || added.status() == DuplicationStatus.LOG, added.toString());
        assertRefused(ErrorCode.ERR_BUSY, "copying its checkpoints",
                () -> sourceClient.admin().startDuplication("history", dupid));
        for (int i = 0; i < 200; i++) {
            history.set(bytes("new" + i), bytes("s"), bytes("during the copy " + i));
            history.del(bytes("old" + (i + 1)), bytes("s"));
        }
        history.incr(bytes("counter"), bytes("n"), 3);
        Await.until("the copy is loaded and shipping began", TIMEOUT, () -> sourceClient.admin()
                .listDuplications("history").get(0).status() == DuplicationStatus.LOG);
        for (int i = 0; i < 100; i++) {
            history.set(bytes("later" + i), bytes("s"), bytes("after the copy " + i));
        }

        Map<String, String> expected = TableContents.of(history);
        assertEquals(300 - 60 - 160 + 200 + 100 + 1, expected.size(), "old rows left, new ones, the counter");
        assertEquals("10", expected.get("counter/n"));
        // Right after the switch to LOG the primaries' reports may predate the last writes, and the
        // confirmed decrees were raised to the copy's: so wait for the content itself.
        PegasusTable copy = remoteClient.openTable("history");
        Await.until("the writes after the copy reached the remote", TIMEOUT,
                () -> expected.equals(TableContents.of(copy)));
        assertEquals(4, remoteClient.admin().queryConfig("history").partitionCount(), "the source's partition count");
        assertEquals("0", remoteClient.admin().listTables(false).stream().filter(t -> t.name().equals("history"))
                .findFirst().orElseThrow().envs().get("default_ttl"), "the source's table envs");
    }

    @Test
    void aFullDuplicationIsRefusedWhenTheRemoteTableExists() {
        sourceClient.admin().createTable("taken", 2, 3, Map.of());
        remoteClient.admin().createTable("taken", 2, 3, Map.of());
        assertRefused(ErrorCode.ERR_APP_EXIST, "exists in cluster 'remote' already",
                () -> sourceClient.admin().addDuplication("taken", "remote", true));
        assertTrue(sourceClient.admin().listDuplications("taken").isEmpty());
    }

    @Test
    void aSplitOfTheSourceUnderTheDuplicationLosesNoWrite() {
        sourceClient.admin().createTable("growing", 2, 3, Map.of());
        remoteClient.admin().createTable("growing", 4, 3, Map.of());
        PegasusTable table = sourceClient.openTable("growing");
        int dupid = sourceClient.admin().addDuplication("growing", "remote");
        for (int i = 0; i < 100; i++) {
            table.set(bytes("before split " + i), bytes("s"), bytes("v" + i));
        }
        sourceClient.admin().startSplit("growing");
        for (int i = 0; i < 200; i++) {
            table.set(bytes("during split " + i), bytes("s"), bytes("v" + i));
        }
        Await.until("the split ended", TIMEOUT, () -> !sourceClient.admin().splitStatus("growing").splitting());
        for (int i = 0; i < 100; i++) {
            table.set(bytes("after split " + i), bytes("s"), bytes("v" + i));
        }

        awaitShipped("growing", dupid);
        Map<String, String> expected = TableContents.of(table);
        assertEquals(400, expected.size());
        assertEquals(expected, TableContents.of(remoteClient.openTable("growing")));
    }

    @Test
    void pauseHoldsWritesBackAndStartShipsThem() {
        sourceClient.admin().createTable("paused", 2, 3, Map.of());
        remoteClient.admin().createTable("paused", 2, 3, Map.of());
        PegasusTable table = sourceClient.openTable("paused");
        int dupid = sourceClient.admin().addDuplication("paused", "remote");
        table.set(bytes("a"), bytes("1"), bytes("first"));
        awaitShipped("paused", dupid);

        sourceClient.admin().pauseDuplication("paused", dupid);
        Await.until("the pause reached the primaries", TIMEOUT, () -> sourceClient.admin().listDuplications("paused")
                .get(0).status() == DuplicationStatus.PAUSE);
        sleep(1500);
        table.set(bytes("b"), bytes("2"), bytes("while paused"));
        sleep(1500);
        assertNull(remoteClient.openTable("paused").get(bytes("b"), bytes("2")), "nothing ships while paused");

        Await.until("the paused duplication's lag is reported", TIMEOUT, () -> sourceClient.admin()
                .listDuplications("paused").get(0).pendingMutations() > 0);
        sourceClient.admin().startDuplication("paused", dupid);
        awaitShipped("paused", dupid);
        assertEquals("while paused", text(remoteClient.openTable("paused").get(bytes("b"), bytes("2"))));

        sourceClient.admin().removeDuplication("paused", dupid);
        assertTrue(sourceClient.admin().listDuplications("paused").isEmpty());
        sleep(1000);
        table.set(bytes("c"), bytes("3"), bytes("after removal"));
        sleep(1500);
        assertNull(remoteClient.openTable("paused").get(bytes("c"), bytes("3")), "a removed duplication ships nothing");
    }

    @Test
    void badRequestsAreRefusedWithTheReasonAndChangeNothing() {
        sourceClient.admin().createTable("lonely", 2, 3, Map.of());
        assertRefused(ErrorCode.ERR_INVALID_PARAMETERS, "unknown remote cluster 'nowhere'",
                () -> sourceClient.admin().addDuplication("lonely", "nowhere"));
        assertRefused(ErrorCode.ERR_INVALID_PARAMETERS, "its own cluster",
                () -> sourceClient.admin().addDuplication("lonely", "test"));
        assertRefused(ErrorCode.ERR_APP_NOT_EXIST, "does not exist in cluster 'remote'",
                () -> sourceClient.admin().addDuplication("lonely", "remote"));
        remoteClient.admin().createTable("rootless", 1, 3, Map.of());
        assertRefused(ErrorCode.ERR_INVALID_PARAMETERS, "--duplication-checkpoint-root",
                () -> remoteClient.admin().addDuplication("rootless", "source", true));
        assertRefused(ErrorCode.ERR_APP_NOT_EXIST, "table 'missing' does not exist",
                () -> sourceClient.admin().addDuplication("missing", "remote"));
        assertRefused(ErrorCode.ERR_INVALID_PARAMETERS, "has this cluster's id 1",
                () -> sourceClient.admin().addDuplication("lonely", "twin"));
        try (MetaProbe meta = new MetaProbe()) {
            duplication_add_response renamed = meta.call(source.metaAddress(), RpcMethods.CM_ADD_DUPLICATION,
                    new duplication_add_request("lonely", "remote").setRemote_app_name("elsewhere"));
            assertEquals(ErrorCode.ERR_INVALID_PARAMETERS.name(), renamed.getErr());
            assertTrue(renamed.getHint().contains("not to 'elsewhere'"), renamed.getHint());
            duplication_add_response resized = meta.call(source.metaAddress(), RpcMethods.CM_ADD_DUPLICATION,
                    new duplication_add_request("lonely", "remote").setRemote_replica_count(5));
            assertTrue(resized.getHint().contains("source's replica count (3), not 5"), resized.getHint());
        }
        assertTrue(sourceClient.admin().listDuplications("lonely").isEmpty());
    }

    private static void assertRefused(ErrorCode code, String reason, Runnable request) {
        PegasusException refused = assertThrows(PegasusException.class, request::run);
        assertEquals(code, refused.code(), refused.getMessage());
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    }

    /** Until every partition has confirmed what its primary had committed when the wait began. */
    private static void awaitShipped(String table, int dupid) {
        Await.until("duplication " + dupid + " of '" + table + "' caught up", TIMEOUT, () -> {
            Duplication duplication = sourceClient.admin().listDuplications(table).stream()
                    .filter(d -> d.id() == dupid).findFirst().orElseThrow();
            int partitions = sourceClient.admin().queryConfig(table).partitionCount();
            return duplication.committedDecrees().size() == partitions && duplication.pendingMutations() == 0;
        });
    }


    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
