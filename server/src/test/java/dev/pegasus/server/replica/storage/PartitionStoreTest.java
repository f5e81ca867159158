package dev.pegasus.server.replica.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.StorageStatus;
import dev.pegasus.protocol.ValueSchema;
import dev.pegasus.protocol.thrift.batch_get_request;
import dev.pegasus.protocol.thrift.batch_get_response;
import dev.pegasus.protocol.thrift.full_data;
import dev.pegasus.protocol.thrift.full_key;
import dev.pegasus.protocol.thrift.get_scanner_request;
import dev.pegasus.protocol.thrift.multi_get_request;
import dev.pegasus.protocol.thrift.read_response;
import dev.pegasus.protocol.thrift.ttl_response;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.TableProperties;

class PartitionStoreTest extends StoreTestSupport {

    @Test
    void newStoreStartsAtDecreeZero() {
        assertEquals(0, store.lastAppliedDecree());
    }

    @Test
    void applyAdvancesTheDecreeAndRejectsOldDecrees() {
        store.apply(5, Mutation.of(WriteOp.put(key("h", "s"), ValueSchema.encode(0, 0, bytes("v")))));
        assertEquals(5, store.lastAppliedDecree());

        assertThrows(IllegalStateException.class, () -> store.apply(5, Mutation.empty()));
        assertThrows(IllegalStateException.class, () -> store.apply(4, Mutation.empty()));
        assertEquals(5, store.lastAppliedDecree());
    }

    @Test
    void emptyMutationStillAdvancesTheDecree() {
        store.apply(1, Mutation.empty());
        assertEquals(1, store.lastAppliedDecree());
    }

    @Test
    void dataAndDecreeSurviveReopen() {
        putRecord("h", "a", "1");
        putRecord("h", "b", "2");
        apply(Mutation.of(WriteOp.delete(key("h", "a"))));
        store.syncWal();
        long decree = store.lastAppliedDecree();

        reopen();

        assertEquals(decree, store.lastAppliedDecree());
        assertEquals(StorageStatus.NOT_FOUND, store.get(key("h", "a")).getError());
        assertEquals("2", text(store.get(key("h", "b")).getValue()));
    }

    @Test
    void metaColumnFamilyUsesPegasusKeys() throws Exception {
        putRecord("h", "s", "v");
        putRecord("h", "t", "v");
        store.close();

        List<ColumnFamilyDescriptor> descriptors = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY),
                new ColumnFamilyDescriptor(bytes("pegasus_meta_cf")));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (RocksDB raw = RocksDB.openReadOnly(tempDir.resolve("partition").toString(), descriptors, handles)) {
            assertEquals("2", text(raw.get(handles.get(1), bytes("pegasus_last_flushed_decree"))));
            assertEquals("1", text(raw.get(handles.get(1), bytes("pegasus_data_version"))));
            handles.forEach(ColumnFamilyHandle::close);
        }
    }

    @Test
    void syncedWritesAreReadable() {
        store.close();
        store = PartitionStore.open(tempDir.resolve("synced"), env, true, clock);
        store.apply(1, Mutation.of(WriteOp.put(key("h", "s"), ValueSchema.encode(0, 0, bytes("v")))));
        assertEquals("v", text(store.get(key("h", "s")).getValue()));
    }

    @Test
    void getReturnsTheUserValueOrNotFound() {
        putRecord("h", "s", "value");

        read_response found = store.get(key("h", "s"));
        assertEquals(StorageStatus.OK, found.getError());
        assertEquals("value", text(found.getValue()));

        read_response missing = store.get(key("h", "other"));
        assertEquals(StorageStatus.NOT_FOUND, missing.getError());
        assertArrayEquals(new byte[0], missing.getValue());
    }

    @Test
    void ttlReportsSecondsLeftOrMinusOneOrNotFound() {
        putRecord("h", "forever", "v");
        putRecord("h", "soon", "v", expireIn(100));

        ttl_response forever = store.ttl(key("h", "forever"));
        assertEquals(StorageStatus.OK, forever.getError());
        assertEquals(-1, forever.getTtl_seconds());

        clock.advanceSeconds(40);
        ttl_response soon = store.ttl(key("h", "soon"));
        assertEquals(StorageStatus.OK, soon.getError());
        assertEquals(60, soon.getTtl_seconds());

        assertEquals(StorageStatus.NOT_FOUND, store.ttl(key("h", "missing")).getError());
    }

    @Test
    void expiredRecordsAreInvisibleToEveryReadAtOnce() {
        putRecord("h", "live", "1");
        putRecord("h", "dying", "2", expireIn(2));
        assertEquals(2, store.sortKeyCount(bytes("h")).getCount());

        clock.advanceSeconds(2);

        assertEquals(StorageStatus.NOT_FOUND, store.get(key("h", "dying")).getError());
        assertEquals(StorageStatus.NOT_FOUND, store.ttl(key("h", "dying")).getError());
        assertEquals(1, store.sortKeyCount(bytes("h")).getCount());
        assertEquals(List.of("live"), texts(store.multiGet(new multi_get_request().setHash_key(bytes("h")))
                .getKvs().stream().map(kv -> kv.getKey()).toList()));
        assertEquals(List.of("live"), texts(store.multiGet(new multi_get_request().setHash_key(bytes("h"))
                        .setSork_keys(List.of(ByteBuffer.wrap(bytes("live")), ByteBuffer.wrap(bytes("dying")))))
                .getKvs().stream().map(kv -> kv.getKey()).toList()));
        assertEquals(1, store.batchGet(new batch_get_request().setKeys(List.of(
                new full_key().setHash_key(bytes("h")).setSort_key(bytes("live")),
                new full_key().setHash_key(bytes("h")).setSort_key(bytes("dying"))))).getData().size());
        assertEquals(1, store.scan(ScanCursor.from(new get_scanner_request().setStart_key(new byte[0])), 10)
                .kvs().size());
    }

    @Test
    void batchGetReturnsTheRecordsThatExist() {
        putRecord("h1", "a", "1");
        putRecord("h2", "b", "2");

        batch_get_response response = store.batchGet(new batch_get_request().setKeys(List.of(
                new full_key().setHash_key(bytes("h1")).setSort_key(bytes("a")),
                new full_key().setHash_key(bytes("h1")).setSort_key(bytes("missing")),
                new full_key().setHash_key(bytes("h2")).setSort_key(bytes("b")))));

        assertEquals(StorageStatus.OK, response.getError());
        List<full_data> data = response.getData();
        assertEquals(2, data.size());
        assertEquals(List.of("h1/a=1", "h2/b=2"), data.stream()
                .map(d -> text(d.getHash_key()) + "/" + text(d.getSort_key()) + "=" + text(d.getValue())).toList());
    }

    @Test
    void batchGetWithoutKeysIsInvalid() {
        assertEquals(StorageStatus.INVALID_ARGUMENT, store.batchGet(new batch_get_request()).getError());
    }

    @Test
    void sortKeyCountCountsOnlyThatHashKey() {
        putRecord("h", "a", "1");
        putRecord("h", "b", "2");
        putRecord("g", "a", "1");
        putRecord("hh", "a", "1");

        assertEquals(2, store.sortKeyCount(bytes("h")).getCount());
        assertEquals(0, store.sortKeyCount(bytes("x")).getCount());
    }

    @Test
    void closedStoreRejectsCalls() {
        store.close();
        assertThrows(StorageException.class, () -> store.get(key("h", "s")));
        assertThrows(StorageException.class, () -> store.apply(1, Mutation.empty()));
        store.close();
    }

    @Test
    void tablesUseFormatVersion5AndLz4() {
        for (int i = 0; i < 100; i++) {
            putRecord("h", "s" + i, "value " + i);
        }
        store.compact();

        List<TableProperties> tables = List.copyOf(store.tableProperties().values());
        assertTrue(!tables.isEmpty());
        for (TableProperties table : tables) {
            assertEquals(StorageEnvironment.TABLE_FORMAT_VERSION, table.getFormatVersion());
            assertEquals("LZ4", table.getCompressionName());
        }
    }

    @Test
    void environmentCloseClosesStoresLeftOpen() {
        PartitionStore other = PartitionStore.open(tempDir.resolve("other"), env, false, clock);
        env.close();
        assertThrows(StorageException.class, () -> other.get(key("h", "s")));
        assertThrows(StorageException.class, () -> store.get(key("h", "s")));
    }
}
