package dev.pegasus.client;

import static dev.pegasus.client.TestSupport.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.fake.FakeCluster;
import dev.pegasus.protocol.KeySchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad arguments fail before anything is sent, with messages naming the operation, table and rule. */
class ArgumentValidationTest {
    private static final byte[] HK = b("h");
    private static final byte[] SK = b("s");
    private static final byte[] V = b("v");

    private static FakeCluster cluster;
    private static PegasusClient client;
    private static PegasusTable table;

    @BeforeAll
    static void start() {
        cluster = FakeCluster.start(1);
        cluster.createTable("args", 2);
        client = PegasusClient.open(ClientOptions.builder().metaServers(cluster.metaAddress())
                .maxValueBytes(16).maxRequestBytes(64).ioThreads(1).build());
        table = client.openTable("args");
    }

    @AfterAll
    static void stop() {
        client.close();
        cluster.close();
    }

    @AfterEach
    void nothingWasSent() {
        assertEquals(List.of(), cluster.replica(0).received(), "argument errors must not reach a server");
    }

    private static void assertInvalid(String expectedFragment, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expectedFragment) && e.getMessage().contains("'args'"),
                "message '" + e.getMessage() + "' should name the table and contain '" + expectedFragment + "'");
    }

    @Test
    void nullKeysAndValues() {
        assertInvalid("set on table 'args': hashKey must not be null", () -> table.set(null, SK, V));
        assertInvalid("set on table 'args': sortKey must not be null", () -> table.set(HK, null, V));
        assertInvalid("set on table 'args': value must not be null", () -> table.set(HK, SK, null));
        assertInvalid("get on table 'args': hashKey must not be null", () -> table.get(null, SK));
        assertInvalid("del on table 'args': sortKey must not be null", () -> table.del(HK, null));
        assertInvalid("value must not be null", () -> table.asyncSet(HK, SK, null, 0));
    }

    @Test
    void hashKeyTooLong() {
        byte[] huge = new byte[KeySchema.MAX_HASH_KEY_LENGTH];
        assertInvalid("hashKey is 65535 bytes; it must be shorter than 65535 bytes", () -> table.get(huge, SK));
    }

    @Test
    void groupOperationsNeedANonEmptyHashKey() {
        byte[] empty = new byte[0];
        assertInvalid("multiGet on table 'args': hashKey must not be empty", () -> table.multiGet(empty, List.of(), 0, 0));
        assertInvalid("multiSet on table 'args': hashKey must not be empty",
                () -> table.multiSet(empty, List.of(new SortKeyValue(SK, V)), 0));
        assertInvalid("multiDel on table 'args': hashKey must not be empty", () -> table.multiDel(empty, List.of()));
        assertInvalid("sortKeyCount on table 'args': hashKey must not be empty", () -> table.sortKeyCount(empty));
        assertInvalid("getScanner on table 'args': hashKey must not be empty",
                () -> table.getScanner(empty, null, null, null));
    }

    @Test
    void sizeLimits() {
        assertInvalid("value is 17 bytes; the limit is 16 bytes (maxValueBytes)", () -> table.set(HK, SK, new byte[17]));
        List<SortKeyValue> many = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            many.add(new SortKeyValue(b("sort" + i), new byte[8]));
        }
        assertInvalid("multiSet on table 'args': the request carries", () -> table.multiSet(HK, many, 0));
        List<FullKeyValue> items = many.stream().map(kv -> new FullKeyValue(HK, kv.sortKey(), kv.value())).toList();
        assertInvalid("batchSet on table 'args': the request carries", () -> table.batchSet(items, 0));
        assertInvalid("(maxRequestBytes)", () -> table.batchGet(Arrays.asList(
                new FullKey(new byte[40], SK), new FullKey(new byte[40], SK))));
    }

    @Test
    void badItemInABatchStopsTheWholeBatch() {
        List<FullKeyValue> items = List.of(new FullKeyValue(HK, b("a"), V), new FullKeyValue(HK, null, V));
        assertInvalid("batchSet on table 'args': sortKey must not be null", () -> table.batchSet(items, 0));
        assertInvalid("batchDel on table 'args': keys must not contain null",
                () -> table.batchDel(Arrays.asList(new FullKey(HK, SK), null)));
    }

    @Test
    void emptyListsTtlsAndCounts() {
        assertInvalid("multiSet on table 'args': values must not be empty", () -> table.multiSet(HK, List.of(), 0));
        assertInvalid("set on table 'args': ttlSeconds must be >= 0", () -> table.set(HK, SK, V, -1));
        assertInvalid("multiSet on table 'args': ttlSeconds must be >= 0",
                () -> table.multiSet(HK, List.of(new SortKeyValue(SK, V)), -5));
        assertInvalid("maxSplitCount must be positive, got 0", () -> table.getUnorderedScanners(0, null));
        assertInvalid("checkAndMutate on table 'args': mutations must not be empty",
                () -> table.checkAndMutate(HK, SK, CheckType.NO_CHECK, null, Mutations.builder().build(), null));
        assertInvalid("checkAndSet on table 'args': checkType must not be null",
                () -> table.checkAndSet(HK, SK, null, null, SK, V, null));
        assertInvalid("multiGet on table 'args': sortKeys must not be null", () -> table.multiGet(HK, null, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CheckAndSetOptions(-1, false));
        assertThrows(IllegalArgumentException.class, () -> Mutations.builder().set(SK, V, -1));
    }
}
