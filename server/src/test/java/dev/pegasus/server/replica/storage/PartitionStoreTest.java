package dev.pegasus.server.replica.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.ValueSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
        assertEquals(Optional.empty(), store.get(key("h", "a")));
        assertEquals("2", text(store.get(key("h", "b")).orElseThrow()));
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
        assertEquals("v", text(store.get(key("h", "s")).orElseThrow()));
    }

    @Test
    void getReturnsTheUserValueOrNothing() {
        putRecord("h", "s", "value");

        assertEquals("value", text(store.get(key("h", "s")).orElseThrow()));
        assertEquals(Optional.empty(), store.get(key("h", "other")));
    }

    @Test
    void ttlReportsSecondsLeftOrNeverOrNothing() {
        putRecord("h", "forever", "v");
        putRecord("h", "soon", "v", expireIn(100));

        assertEquals(Optional.of(Ttl.NEVER_EXPIRES), store.ttl(key("h", "forever")));

        clock.advanceSeconds(40);
        assertEquals(Optional.of(Ttl.expiresIn(60)), store.ttl(key("h", "soon")));

        assertEquals(Optional.empty(), store.ttl(key("h", "missing")));
    }

    @Test
    void expiredRecordsAreInvisibleToEveryReadAtOnce() {
        putRecord("h", "live", "1");
        putRecord("h", "dying", "2", expireIn(2));
        assertEquals(2, store.sortKeyCount(bytes("h")));

        clock.advanceSeconds(2);

        assertEquals(Optional.empty(), store.get(key("h", "dying")));
        assertEquals(Optional.empty(), store.ttl(key("h", "dying")));
        assertEquals(1, store.sortKeyCount(bytes("h")));
        MultiGetQuery range = new MultiGetQuery(bytes("h"), List.of(), KeyBounds.ALL, PatternFilter.NONE, 0, 0,
                false, false);
        assertEquals(List.of("live"), texts(store.multiGet(range).records().stream().map(SortKeyValue::sortKey)
                .toList()));
        MultiGetQuery listed = new MultiGetQuery(bytes("h"), List.of(bytes("live"), bytes("dying")), KeyBounds.ALL,
                PatternFilter.NONE, 0, 0, false, false);
        assertEquals(List.of("live"), texts(store.multiGet(listed).records().stream().map(SortKeyValue::sortKey)
                .toList()));
        assertEquals(1, store.batchGet(List.of(new RecordKey(bytes("h"), bytes("live")),
                new RecordKey(bytes("h"), bytes("dying")))).size());
        assertEquals(1, store.scan(ScanCursor.of(KeyBounds.ALL), 10).records().size());
    }

    @Test
    void batchGetReturnsTheRecordsThatExist() {
        putRecord("h1", "a", "1");
        putRecord("h2", "b", "2");

        List<FullRecord> found = store.batchGet(List.of(
                new RecordKey(bytes("h1"), bytes("a")),
                new RecordKey(bytes("h1"), bytes("missing")),
                new RecordKey(bytes("h2"), bytes("b"))));

        assertEquals(List.of("h1/a=1", "h2/b=2"), found.stream().map(r -> text(r.key().hashKey()) + "/"
                + text(r.key().sortKey()) + "=" + text(r.value())).toList());
    }

    @Test
    void batchGetWithoutKeysFindsNothing() {
        assertEquals(List.of(), store.batchGet(List.of()));
    }

    /** Requests are validated before they reach the store; a key that slips through must not be read. */
    @Test
    void keysWithATooLongHashKeyAreRejected() {
        byte[] tooLong = new byte[0xFFFF];
        assertThrows(IllegalArgumentException.class, () -> store.batchGet(List.of(new RecordKey(tooLong, bytes("a")))));
        assertThrows(IllegalArgumentException.class, () -> store.sortKeyCount(tooLong));
    }

    @Test
    void sortKeyCountCountsOnlyThatHashKey() {
        putRecord("h", "a", "1");
        putRecord("h", "b", "2");
        putRecord("g", "a", "1");
        putRecord("hh", "a", "1");

        assertEquals(2, store.sortKeyCount(bytes("h")));
        assertEquals(0, store.sortKeyCount(bytes("x")));
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
