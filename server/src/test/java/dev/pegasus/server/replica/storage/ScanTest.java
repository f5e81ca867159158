package dev.pegasus.server.replica.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.ValueSchema;
import dev.pegasus.protocol.thrift.filter_type;
import dev.pegasus.protocol.thrift.get_scanner_request;
import dev.pegasus.protocol.thrift.key_value;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScanTest extends StoreTestSupport {

    @BeforeEach
    void writeRecords() {
        for (String hashKey : List.of("a", "b", "ba", "c")) {
            for (String sortKey : List.of("1", "2", "x1")) {
                putRecord(hashKey, sortKey, hashKey + sortKey);
            }
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                scanCase("whole partition", r -> r,
                        "a:1", "a:2", "a:x1", "b:1", "b:2", "b:x1", "c:1", "c:2", "c:x1", "ba:1", "ba:2", "ba:x1"),
                scanCase("one hash key by range", r -> r.setStart_key(key("b", "")).setStop_key(key("b", "\u007f")),
                        "b:1", "b:2", "b:x1"),
                scanCase("start exclusive", r -> r.setStart_key(key("b", "1")).setStart_inclusive(false)
                        .setStop_key(key("b", "x1")).setStop_inclusive(true), "b:2", "b:x1"),
                scanCase("stop exclusive", r -> r.setStart_key(key("b", "1")).setStop_key(key("b", "x1")),
                        "b:1", "b:2"),
                scanCase("empty range", r -> r.setStart_key(key("c", "")).setStop_key(key("b", "")),
                        new String[0]),
                scanCase("hash key prefix filter", r -> r.setHash_key_filter_type(filter_type.FT_MATCH_PREFIX)
                        .setHash_key_filter_pattern(bytes("b")), "b:1", "b:2", "b:x1", "ba:1", "ba:2", "ba:x1"),
                scanCase("hash key postfix filter", r -> r.setHash_key_filter_type(filter_type.FT_MATCH_POSTFIX)
                        .setHash_key_filter_pattern(bytes("a")), "a:1", "a:2", "a:x1", "ba:1", "ba:2", "ba:x1"),
                scanCase("sort key anywhere filter", r -> r.setSort_key_filter_type(filter_type.FT_MATCH_ANYWHERE)
                        .setSort_key_filter_pattern(bytes("1")), "a:1", "a:x1", "b:1", "b:x1", "c:1", "c:x1",
                        "ba:1", "ba:x1"),
                scanCase("both filters", r -> r.setHash_key_filter_type(filter_type.FT_MATCH_PREFIX)
                        .setHash_key_filter_pattern(bytes("b")).setSort_key_filter_type(filter_type.FT_MATCH_PREFIX)
                        .setSort_key_filter_pattern(bytes("x")), "b:x1", "ba:x1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scansAcrossBatchesWithFilters(String name, UnaryOperator<get_scanner_request> request, List<String> expected) {
        ScanCursor cursor = ScanCursor.from(request.apply(new get_scanner_request()
                .setStart_key(new byte[0]).setStart_inclusive(true)));

        List<String> seen = new ArrayList<>();
        ScanBatch batch;
        do {
            batch = store.scan(cursor, 2);
            assertTrue(batch.kvs().size() <= 2);
            for (key_value kv : batch.kvs()) {
                String hashKey = text(KeySchema.hashKey(kv.getKey()));
                String sortKey = text(KeySchema.sortKey(kv.getKey()));
                assertEquals(hashKey + sortKey, text(kv.getValue()));
                seen.add(hashKey + ":" + sortKey);
            }
        } while (!batch.complete());

        assertEquals(expected, seen);
        assertTrue(cursor.isClosed());
    }

    @Test
    void completeIsReportedWithTheLastRecords() {
        ScanCursor cursor = ScanCursor.from(new get_scanner_request()
                .setStart_key(key("a", "")).setStop_key(key("a", "x1")).setStop_inclusive(true));

        ScanBatch batch = store.scan(cursor, 3);

        assertEquals(3, batch.kvs().size());
        assertTrue(batch.complete());
    }

    @Test
    void batchSizeComesFromTheRequestWhenTheCallerSetsNone() {
        ScanCursor cursor = ScanCursor.from(new get_scanner_request().setStart_key(new byte[0]).setBatch_size(5));

        ScanBatch first = store.scan(cursor, 0);

        assertEquals(5, first.kvs().size());
        assertFalse(first.complete());
        cursor.close();
    }

    @Test
    void noValueReturnsEmptyValues() {
        ScanCursor cursor = ScanCursor.from(new get_scanner_request().setStart_key(new byte[0]).setNo_value(true));

        ScanBatch batch = store.scan(cursor, 100);

        assertEquals(12, batch.kvs().size());
        assertTrue(batch.kvs().stream().allMatch(kv -> kv.getValue().length == 0));
    }

    @Test
    void skipsExpiredRecords() {
        putRecord("a", "3", "a3", expireIn(1));
        clock.advanceSeconds(1);
        ScanCursor cursor = ScanCursor.from(new get_scanner_request()
                .setStart_key(key("a", "")).setStop_key(key("b", "")));

        assertEquals(3, store.scan(cursor, 100).kvs().size());
    }

    @Test
    void laterBatchesSeeThePartitionAsOfTheFirstBatch() {
        ScanCursor cursor = ScanCursor.from(new get_scanner_request()
                .setStart_key(key("a", "")).setStop_key(key("b", "")));
        assertEquals(1, store.scan(cursor, 1).kvs().size());

        putRecord("a", "3", "a3");
        apply(Mutation.of(WriteOp.delete(key("a", "x1"))));

        List<String> rest = store.scan(cursor, 100).kvs().stream().map(kv -> text(KeySchema.sortKey(kv.getKey())))
                .toList();
        assertEquals(List.of("2", "x1"), rest);
    }

    @Test
    void aSelectiveFilterReturnsAPartialBatchInsteadOfReadingEverything() {
        List<WriteOp> ops = new ArrayList<>();
        for (int i = 0; i < ScanCursor.MAX_SKIPS_PER_BATCH + 100; i++) {
            ops.add(WriteOp.put(key("m", String.format("%06d", i)), ValueSchema.encode(0, 0, bytes("v"))));
        }
        ops.add(WriteOp.put(key("m", "match"), ValueSchema.encode(0, 0, bytes("v"))));
        apply(new Mutation(ops));
        ScanCursor cursor = ScanCursor.from(new get_scanner_request()
                .setStart_key(key("m", "")).setStop_key(key("n", ""))
                .setSort_key_filter_type(filter_type.FT_MATCH_PREFIX).setSort_key_filter_pattern(bytes("match")));

        ScanBatch first = store.scan(cursor, 10);
        assertEquals(List.of(), first.kvs());
        assertFalse(first.complete());

        ScanBatch second = store.scan(cursor, 10);
        assertEquals(1, second.kvs().size());
        assertTrue(second.complete());
    }

    @Test
    void closedCursorCannotScan() {
        ScanCursor cursor = ScanCursor.from(new get_scanner_request().setStart_key(new byte[0]));
        store.scan(cursor, 1);
        cursor.close();
        cursor.close();

        assertThrows(IllegalStateException.class, () -> store.scan(cursor, 1));
    }

    @Test
    void closingTheStoreReleasesOpenCursors() {
        ScanCursor cursor = ScanCursor.from(new get_scanner_request().setStart_key(new byte[0]));
        store.scan(cursor, 1);

        store.close();

        assertTrue(cursor.isClosed());
    }

    private static Arguments scanCase(String name, UnaryOperator<get_scanner_request> request, String... expected) {
        return Arguments.of(name, request, List.of(expected));
    }
}
