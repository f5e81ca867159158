package dev.pegasus.server.replica.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.StorageStatus;
import dev.pegasus.protocol.ValueSchema;
import dev.pegasus.protocol.thrift.key_value;
import dev.pegasus.protocol.thrift.multi_put_request;
import dev.pegasus.protocol.thrift.multi_remove_request;
import dev.pegasus.protocol.thrift.multi_remove_response;
import dev.pegasus.protocol.thrift.update_request;
import dev.pegasus.protocol.thrift.update_response;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WriteExecutorTest extends StoreTestSupport {
    private static final int CLUSTER_ID = 3;
    private WriteExecutor executor;

    @BeforeEach
    void createExecutor() {
        executor = new WriteExecutor(store, clock, new StorageLimits(16, 64), () -> CLUSTER_ID, () -> false);
    }

    @Test
    void putStoresTheValueWithTimetagAndExpireTs() {
        int expireTs = expireIn(100);
        update_response response = commit(executor.put(put(key("h", "s"), "value", expireTs)));

        assertEquals(StorageStatus.OK, response.getError());
        byte[] stored = store.readLive(key("h", "s")).orElseThrow();
        assertEquals("value", text(ValueSchema.userValue(stored)));
        assertEquals(expireTs, ValueSchema.expireTs(stored));
        assertEquals(ValueSchema.timetag(clock.nowMicros(), CLUSTER_ID, false), ValueSchema.timetag(stored));
    }

    static Stream<byte[]> malformedKeys() {
        return Stream.of(new byte[0], new byte[] {0}, new byte[] {0, 5, 'a', 'b'}, new byte[] {(byte) 0xFF, (byte) 0xFF});
    }

    @ParameterizedTest
    @MethodSource("malformedKeys")
    void putAndRemoveRejectMalformedKeys(byte[] malformed) {
        assertInvalid(executor.put(put(malformed, "v", 0)));
        assertInvalid(executor.remove(malformed));
    }

    @Test
    void putRejectsValuesOverTheLimit() {
        assertInvalid(executor.put(put(key("h", "s"), "x".repeat(17), 0)));
        assertEquals(StorageStatus.OK, executor.put(put(key("h", "s"), "x".repeat(16), 0)).response().getError());
    }

    @Test
    void putRejectsRequestsOverTheLimit() {
        // 2 + 1 + 61 key bytes and 1 value byte: 65 > 64.
        assertInvalid(executor.put(put(key("h", "k".repeat(61)), "v", 0)));
        assertEquals(StorageStatus.OK, executor.put(put(key("h", "k".repeat(60)), "v", 0)).response().getError());
    }

    @Test
    void multiPutWritesAllSortKeysAtOnce() {
        int expireTs = expireIn(50);
        Prepared<update_response> prepared = executor.multiPut(new multi_put_request().setHash_key(bytes("h"))
                .setKvs(List.of(kv("a", "1"), kv("b", "2"))).setExpire_ts_seconds(expireTs));

        assertEquals(2, prepared.mutation().ops().size());
        assertEquals(StorageStatus.OK, commit(prepared).getError());
        assertEquals("1", text(store.get(key("h", "a")).orElseThrow()));
        assertEquals(Optional.of(Ttl.expiresIn(50)), store.ttl(key("h", "b")));
    }

    @Test
    void multiPutRejectsEmptyOversizedAndBadHashKeys() {
        assertInvalid(executor.multiPut(new multi_put_request().setHash_key(bytes("h"))));
        assertInvalid(executor.multiPut(new multi_put_request().setHash_key(bytes("h"))
                .setKvs(List.of(kv("a", "1"), kv("b", "x".repeat(17))))));
        assertInvalid(executor.multiPut(new multi_put_request().setHash_key(bytes("h"))
                .setKvs(Stream.of("a", "b", "c", "d").map(k -> kv(k, "x".repeat(16))).toList())));
        assertInvalid(executor.multiPut(new multi_put_request().setHash_key(new byte[0xFFFF])
                .setKvs(List.of(kv("a", "1")))));
    }

    @Test
    void removeDeletesTheRecord() {
        putRecord("h", "s", "v");
        assertEquals(StorageStatus.OK, commit(executor.remove(key("h", "s"))).getError());
        assertTrue(store.get(key("h", "s")).isEmpty());
    }

    @Test
    void multiRemoveOfListedSortKeysCountsWhatWasListed() {
        putRecord("h", "a", "1");
        putRecord("h", "b", "2");

        multi_remove_response response = commit(executor.multiRemove(new multi_remove_request()
                .setHash_key(bytes("h")).setSork_keys(buffers("a", "missing"))));

        assertEquals(StorageStatus.OK, response.getError());
        assertEquals(2, response.getCount());
        assertEquals(1, store.sortKeyCount(bytes("h")));
    }

    @Test
    void multiRemoveWithoutSortKeysRemovesTheWholeHashKeyOnly() {
        putRecord("h", "a", "1");
        putRecord("h", "b", "2");
        putRecord("h", "gone", "3", expireIn(1));
        putRecord("hh", "a", "x");
        putRecord("g", "z", "x");
        clock.advanceSeconds(1);

        multi_remove_response response = commit(executor.multiRemove(new multi_remove_request()
                .setHash_key(bytes("h"))));

        assertEquals(StorageStatus.OK, response.getError());
        assertEquals(2, response.getCount());
        assertEquals(0, store.sortKeyCount(bytes("h")));
        assertEquals(1, store.sortKeyCount(bytes("hh")));
        assertEquals(1, store.sortKeyCount(bytes("g")));
    }

    @Test
    void multiRemoveOfTheHashKeyHonoursMaxCount() {
        for (String sortKey : List.of("a", "b", "c")) {
            putRecord("h", sortKey, "v");
        }
        multi_remove_request request = new multi_remove_request().setHash_key(bytes("h")).setMax_count(2);

        multi_remove_response first = commit(executor.multiRemove(request));
        assertEquals(StorageStatus.INCOMPLETE, first.getError());
        assertEquals(2, first.getCount());
        assertEquals(1, store.sortKeyCount(bytes("h")));

        multi_remove_response second = commit(executor.multiRemove(request));
        assertEquals(StorageStatus.OK, second.getError());
        assertEquals(1, second.getCount());
        assertEquals(0, store.sortKeyCount(bytes("h")));
    }

    @Test
    void defaultTtlAppliesToWritesWithoutTtl() {
        executor.setDefaultTtlSeconds(30);
        commit(executor.put(put(key("h", "default"), "v", 0)));
        commit(executor.put(put(key("h", "explicit"), "v", expireIn(100))));
        commit(executor.multiPut(new multi_put_request().setHash_key(bytes("h")).setKvs(List.of(kv("multi", "v")))));
        executor.setDefaultTtlSeconds(0);
        commit(executor.put(put(key("h", "none"), "v", 0)));

        assertEquals(Optional.of(Ttl.expiresIn(30)), store.ttl(key("h", "default")));
        assertEquals(Optional.of(Ttl.expiresIn(100)), store.ttl(key("h", "explicit")));
        assertEquals(Optional.of(Ttl.expiresIn(30)), store.ttl(key("h", "multi")));
        assertEquals(Optional.of(Ttl.NEVER_EXPIRES), store.ttl(key("h", "none")));

        clock.advanceSeconds(30);
        assertTrue(store.get(key("h", "default")).isEmpty());
        assertTrue(store.get(key("h", "none")).isPresent());
    }

    @Test
    void negativeDefaultTtlIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> executor.setDefaultTtlSeconds(-1));
    }

    private static void assertInvalid(Prepared<update_response> prepared) {
        assertTrue(prepared.mutation().isEmpty());
        assertEquals(StorageStatus.INVALID_ARGUMENT, prepared.response().getError());
    }

    private static update_request put(byte[] key, String value, int expireTs) {
        return new update_request().setKey(key).setValue(bytes(value)).setExpire_ts_seconds(expireTs);
    }

    private static key_value kv(String sortKey, String value) {
        return new key_value().setKey(bytes(sortKey)).setValue(bytes(value));
    }

    private static List<ByteBuffer> buffers(String... values) {
        return Arrays.stream(values).map(v -> ByteBuffer.wrap(bytes(v))).toList();
    }
}
