package dev.pegasus.server.replica;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.PartitionHash;
import dev.pegasus.protocol.StorageStatus;
import dev.pegasus.protocol.ValueSchema;
import dev.pegasus.protocol.thrift.batch_get_request;
import dev.pegasus.protocol.thrift.batch_get_response;
import dev.pegasus.protocol.thrift.count_response;
import dev.pegasus.protocol.thrift.filter_type;
import dev.pegasus.protocol.thrift.full_key;
import dev.pegasus.protocol.thrift.get_scanner_request;
import dev.pegasus.protocol.thrift.multi_get_request;
import dev.pegasus.protocol.thrift.multi_get_response;
import dev.pegasus.protocol.thrift.read_response;
import dev.pegasus.protocol.thrift.scan_response;
import dev.pegasus.protocol.thrift.ttl_response;
import dev.pegasus.server.replica.storage.HashPartition;
import dev.pegasus.server.replica.storage.Mutation;
import dev.pegasus.server.replica.storage.PartitionStore;
import dev.pegasus.server.replica.storage.PatternFilter;
import dev.pegasus.server.replica.storage.ScanCursor;
import dev.pegasus.server.replica.storage.StorageClock;
import dev.pegasus.server.replica.storage.StorageEnvironment;
import dev.pegasus.server.replica.storage.WriteOp;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wire side of reads: what clients see for valid and invalid requests. Every response carries its
 * list field even when empty or invalid, as Pegasus's server sends it.
 */
class ThriftReadsTest {
    private static final StorageClock CLOCK = () -> 1_704_067_200L * 1_000_000L;
    private static final byte[] TOO_LONG = new byte[KeySchema.MAX_HASH_KEY_LENGTH];

    @TempDir
    Path dir;

    private StorageEnvironment env;
    private PartitionStore store;
    private long decree;

    @BeforeEach
    void openStore() {
        env = new StorageEnvironment(8L << 20, 8L << 20);
        store = PartitionStore.open(dir.resolve("partition"), env, false, CLOCK);
        put("h", "a", "va", 0);
        put("h", "b", "vb", 0);
        put("h", "c", "vc", CLOCK.nowEpochSeconds() + 30);
        put("h", "gone", "x", CLOCK.nowEpochSeconds());
    }

    @AfterEach
    void closeStore() {
        store.close();
        env.close();
    }

    @Test
    void getAnswersTheValueOrNotFoundWithAnEmptyValue() {
        read_response found = ThriftReads.get(store, key("h", "a"));
        assertEquals(StorageStatus.OK, found.getError());
        assertEquals("va", text(found.getValue()));

        read_response missing = ThriftReads.get(store, key("h", "gone"));
        assertEquals(StorageStatus.NOT_FOUND, missing.getError());
        assertTrue(missing.isSetValue());
        assertArrayEquals(new byte[0], missing.getValue());
    }

    @Test
    void multiGetConvertsRangesFiltersAndLimits() {
        multi_get_response all = ThriftReads.multiGet(store, new multi_get_request().setHash_key(bytes("h"))
                .setStart_inclusive(true));
        assertEquals(StorageStatus.OK, all.getError());
        assertEquals(List.of("a=va", "b=vb", "c=vc"), records(all));

        multi_get_response limited = ThriftReads.multiGet(store, new multi_get_request().setHash_key(bytes("h"))
                .setMax_kv_count(2).setReverse(true).setNo_value(true));
        assertEquals(StorageStatus.INCOMPLETE, limited.getError());
        assertEquals(List.of("b=", "c="), records(limited));

        multi_get_response filtered = ThriftReads.multiGet(store, new multi_get_request().setHash_key(bytes("h"))
                .setStart_sortkey(bytes("a")).setStop_sortkey(bytes("c")).setStop_inclusive(true)
                .setSort_key_filter_type(filter_type.FT_MATCH_POSTFIX).setSort_key_filter_pattern(bytes("c")));
        assertEquals(List.of("c=vc"), records(filtered));
    }

    @Test
    void multiGetReadsListedSortKeysWithoutConsumingTheRequest() {
        ByteBuffer b = ByteBuffer.wrap(bytes("b"));
        multi_get_request request = new multi_get_request().setHash_key(bytes("h"))
                .setSork_keys(new ArrayList<>(List.of(b, ByteBuffer.wrap(bytes("zz")), ByteBuffer.wrap(bytes("a")))));

        multi_get_response response = ThriftReads.multiGet(store, request);

        assertEquals(StorageStatus.OK, response.getError());
        assertEquals(List.of("b=vb", "a=va"), records(response));
        assertEquals(1, b.remaining());
    }

    @Test
    void multiGetWithATooLongHashKeyIsInvalid() {
        multi_get_response response = ThriftReads.multiGet(store, new multi_get_request().setHash_key(TOO_LONG));
        assertEquals(StorageStatus.INVALID_ARGUMENT, response.getError());
        assertEquals(List.of(), response.getKvs());
    }

    @Test
    void batchGetAnswersTheKeysFoundInRequestOrder() {
        batch_get_response response = ThriftReads.batchGet(store, new batch_get_request().setKeys(List.of(
                fullKey("h", "b"), fullKey("h", "gone"), fullKey("h", "nope"), fullKey("h", "a"))));
        assertEquals(StorageStatus.OK, response.getError());
        assertEquals(List.of("h/b=vb", "h/a=va"), response.getData().stream()
                .map(d -> text(d.getHash_key()) + "/" + text(d.getSort_key()) + "=" + text(d.getValue())).toList());
    }

    @Test
    void batchGetWithoutKeysOrWithATooLongHashKeyIsInvalid() {
        for (batch_get_request request : List.of(new batch_get_request(), new batch_get_request().setKeys(List.of()),
                new batch_get_request().setKeys(List.of(fullKey("h", "a"),
                        new full_key().setHash_key(TOO_LONG).setSort_key(bytes("a")))))) {
            batch_get_response response = ThriftReads.batchGet(store, request);
            assertEquals(StorageStatus.INVALID_ARGUMENT, response.getError(), request.toString());
            assertEquals(List.of(), response.getData(), "nothing is read for an invalid request");
        }
    }

    @Test
    void sortKeyCountCountsLiveRecordsAndRejectsATooLongHashKey() {
        count_response count = ThriftReads.sortKeyCount(store, bytes("h"));
        assertEquals(StorageStatus.OK, count.getError());
        assertEquals(3, count.getCount());

        assertEquals(StorageStatus.INVALID_ARGUMENT, ThriftReads.sortKeyCount(store, TOO_LONG).getError());
    }

    @Test
    void ttlAnswersSecondsLeftMinusOneForNoneOrNotFound() {
        ttl_response expiring = ThriftReads.ttl(store, key("h", "c"));
        assertEquals(StorageStatus.OK, expiring.getError());
        assertEquals(30, expiring.getTtl_seconds());

        ttl_response forever = ThriftReads.ttl(store, key("h", "a"));
        assertEquals(StorageStatus.OK, forever.getError());
        assertEquals(-1, forever.getTtl_seconds());

        assertEquals(StorageStatus.NOT_FOUND, ThriftReads.ttl(store, key("h", "gone")).getError());
    }

    @Test
    void scanRequestsBecomeCursorsAndBatchesBecomeResponses() {
        get_scanner_request request = new get_scanner_request().setStart_key(key("h", "a")).setStart_inclusive(false)
                .setStop_key(key("h", "c")).setStop_inclusive(true).setNo_value(true).setBatch_size(1);
        ScanCursor cursor = ThriftReads.cursor(request, Optional.empty());
        assertEquals(1, cursor.batchSize());

        scan_response response = ThriftReads.scanResponse(store.scan(cursor, cursor.batchSize()), 7);

        assertEquals(StorageStatus.OK, response.getError());
        assertEquals(7, response.getContext_id());
        assertEquals(1, response.getKvsSize());
        assertArrayEquals(key("h", "b"), response.getKvs().get(0).getKey());
        assertArrayEquals(new byte[0], response.getKvs().get(0).getValue());
        cursor.close();
    }

    @Test
    void scanFiltersAndTheWantedPartitionReachTheCursor() {
        get_scanner_request request = new get_scanner_request().setStart_key(new byte[0])
                .setSort_key_filter_type(filter_type.FT_MATCH_POSTFIX).setSort_key_filter_pattern(bytes("c"))
                .setHash_key_filter_type(filter_type.FT_MATCH_PREFIX).setHash_key_filter_pattern(bytes("h"));
        HashPartition own = new HashPartition(PartitionHash.partitionIndex(PartitionHash.ofStorageKey(key("h", "c")), 2),
                2);
        HashPartition other = new HashPartition(1 - own.index(), 2);

        ScanCursor mine = ThriftReads.cursor(request, Optional.of(own));
        scan_response found = ThriftReads.scanResponse(store.scan(mine, 10), -1);
        assertEquals(List.of("vc"), found.getKvs().stream().map(kv -> text(kv.getValue())).toList());
        ScanCursor theirs = ThriftReads.cursor(request, Optional.of(other));
        assertEquals(List.of(), ThriftReads.scanResponse(store.scan(theirs, 10), -1).getKvs());
    }

    @Test
    void everyFilterTypeHasAKindAndAnAbsentOneMeansNoFilter() {
        assertEquals(PatternFilter.NONE, ThriftReads.filter(null, bytes("x")));
        assertEquals(PatternFilter.NONE, ThriftReads.filter(filter_type.FT_NO_FILTER, bytes("x")));
        assertEquals(PatternFilter.Kind.ANYWHERE, ThriftReads.filter(filter_type.FT_MATCH_ANYWHERE, null).kind());
        assertEquals(PatternFilter.Kind.PREFIX, ThriftReads.filter(filter_type.FT_MATCH_PREFIX, null).kind());
        assertEquals(PatternFilter.Kind.POSTFIX, ThriftReads.filter(filter_type.FT_MATCH_POSTFIX, null).kind());
        assertArrayEquals(new byte[0], ThriftReads.filter(filter_type.FT_MATCH_PREFIX, null).pattern());
    }

    private void put(String hashKey, String sortKey, String value, int expireTs) {
        store.apply(++decree, Mutation.of(WriteOp.put(key(hashKey, sortKey),
                ValueSchema.encode(expireTs, 0, bytes(value)))));
    }

    private static List<String> records(multi_get_response response) {
        return response.getKvs().stream().map(kv -> text(kv.getKey()) + "=" + text(kv.getValue())).toList();
    }

    private static full_key fullKey(String hashKey, String sortKey) {
        return new full_key().setHash_key(bytes(hashKey)).setSort_key(bytes(sortKey));
    }

    private static byte[] key(String hashKey, String sortKey) {
        return KeySchema.encode(bytes(hashKey), bytes(sortKey));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
