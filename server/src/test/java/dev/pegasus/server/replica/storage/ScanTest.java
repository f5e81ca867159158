package dev.pegasus.server.replica.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.ValueSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
                scanCase("whole partition", s -> s,
                        "a:1", "a:2", "a:x1", "b:1", "b:2", "b:x1", "c:1", "c:2", "c:x1", "ba:1", "ba:2", "ba:x1"),
                scanCase("one hash key by range", s -> s.range(key("b", ""), true, key("b", "\u007f"), false),
                        "b:1", "b:2", "b:x1"),
                scanCase("start exclusive", s -> s.range(key("b", "1"), false, key("b", "x1"), true), "b:2", "b:x1"),
                scanCase("stop exclusive", s -> s.range(key("b", "1"), true, key("b", "x1"), false), "b:1", "b:2"),
                scanCase("empty range", s -> s.range(key("c", ""), true, key("b", ""), false), new String[0]),
                scanCase("hash key prefix filter", s -> s.hashKeys(PatternFilter.Kind.PREFIX, "b"),
                        "b:1", "b:2", "b:x1", "ba:1", "ba:2", "ba:x1"),
                scanCase("hash key postfix filter", s -> s.hashKeys(PatternFilter.Kind.POSTFIX, "a"),
                        "a:1", "a:2", "a:x1", "ba:1", "ba:2", "ba:x1"),
                scanCase("sort key anywhere filter", s -> s.sortKeys(PatternFilter.Kind.ANYWHERE, "1"),
                        "a:1", "a:x1", "b:1", "b:x1", "c:1", "c:x1", "ba:1", "ba:x1"),
                scanCase("both filters", s -> s.hashKeys(PatternFilter.Kind.PREFIX, "b")
                        .sortKeys(PatternFilter.Kind.PREFIX, "x"), "b:x1", "ba:x1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scansAcrossBatchesWithFilters(String name, UnaryOperator<Scan> scan, List<String> expected) {
        ScanCursor cursor = scan.apply(new Scan()).open();

        List<String> seen = new ArrayList<>();
        ScanBatch batch;
        do {
            batch = store.scan(cursor, 2);
            assertTrue(batch.records().size() <= 2);
            for (StorageRecord record : batch.records()) {
                String hashKey = text(KeySchema.hashKey(record.storageKey()));
                String sortKey = text(KeySchema.sortKey(record.storageKey()));
                assertEquals(hashKey + sortKey, text(record.value()));
                seen.add(hashKey + ":" + sortKey);
            }
        } while (!batch.complete());

        assertEquals(expected, seen);
        assertTrue(cursor.isClosed());
    }

    @Test
    void completeIsReportedWithTheLastRecords() {
        ScanCursor cursor = ScanCursor.of(new KeyBounds(key("a", ""), false, key("a", "x1"), true));

        ScanBatch batch = store.scan(cursor, 3);

        assertEquals(3, batch.records().size());
        assertTrue(batch.complete());
    }

    @Test
    void batchSizeComesFromTheRequestWhenTheCallerSetsNone() {
        ScanCursor cursor = new Scan().batchSize(5).open();

        ScanBatch first = store.scan(cursor, 0);

        assertEquals(5, first.records().size());
        assertFalse(first.complete());
        cursor.close();
    }

    @Test
    void noValueReturnsEmptyValues() {
        ScanCursor cursor = new Scan().noValue().open();

        ScanBatch batch = store.scan(cursor, 100);

        assertEquals(12, batch.records().size());
        assertTrue(batch.records().stream().allMatch(record -> record.value().length == 0));
    }

    @Test
    void skipsExpiredRecords() {
        putRecord("a", "3", "a3", expireIn(1));
        clock.advanceSeconds(1);
        ScanCursor cursor = ScanCursor.of(new KeyBounds(key("a", ""), false, key("b", ""), false));

        assertEquals(3, store.scan(cursor, 100).records().size());
    }

    @Test
    void laterBatchesSeeThePartitionAsOfTheFirstBatch() {
        ScanCursor cursor = ScanCursor.of(new KeyBounds(key("a", ""), false, key("b", ""), false));
        assertEquals(1, store.scan(cursor, 1).records().size());

        putRecord("a", "3", "a3");
        apply(Mutation.of(WriteOp.delete(key("a", "x1"))));

        List<String> rest = store.scan(cursor, 100).records().stream()
                .map(record -> text(KeySchema.sortKey(record.storageKey()))).toList();
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
        ScanCursor cursor = new Scan().range(key("m", ""), false, key("n", ""), false)
                .sortKeys(PatternFilter.Kind.PREFIX, "match").open();

        ScanBatch first = store.scan(cursor, 10);
        assertEquals(List.of(), first.records());
        assertFalse(first.complete());

        ScanBatch second = store.scan(cursor, 10);
        assertEquals(1, second.records().size());
        assertTrue(second.complete());
    }

    @Test
    void closedCursorCannotScan() {
        ScanCursor cursor = ScanCursor.of(KeyBounds.ALL);
        store.scan(cursor, 1);
        cursor.close();
        cursor.close();

        assertThrows(IllegalStateException.class, () -> store.scan(cursor, 1));
    }

    @Test
    void closingTheStoreReleasesOpenCursors() {
        ScanCursor cursor = ScanCursor.of(KeyBounds.ALL);
        store.scan(cursor, 1);

        store.close();

        assertTrue(cursor.isClosed());
    }

    @Test
    void aPartitionKeepsOnlyItsKeys() {
        int seen = 0;
        for (HashPartition half : List.of(new HashPartition(0, 2), new HashPartition(1, 2))) {
            ScanCursor cursor = ScanCursor.of(KeyBounds.ALL, PatternFilter.NONE, PatternFilter.NONE, false, 0,
                    Optional.of(half));
            List<StorageRecord> records = store.scan(cursor, 100).records();
            assertTrue(records.stream().allMatch(record -> half.holds(record.storageKey())), half.toString());
            seen += records.size();
        }
        assertEquals(12, seen);
    }

    /** A scan of the whole partition, changed field by field as each case needs. */
    static final class Scan {
        private KeyBounds range = KeyBounds.ALL;
        private PatternFilter hashKeyFilter = PatternFilter.NONE;
        private PatternFilter sortKeyFilter = PatternFilter.NONE;
        private boolean noValue;
        private int batchSize;

        Scan range(byte[] start, boolean startInclusive, byte[] stop, boolean stopInclusive) {
            range = new KeyBounds(start, startInclusive, stop, stopInclusive);
            return this;
        }

        Scan hashKeys(PatternFilter.Kind kind, String pattern) {
            hashKeyFilter = PatternFilter.of(kind, bytes(pattern));
            return this;
        }

        Scan sortKeys(PatternFilter.Kind kind, String pattern) {
            sortKeyFilter = PatternFilter.of(kind, bytes(pattern));
            return this;
        }

        Scan noValue() {
            noValue = true;
            return this;
        }

        Scan batchSize(int size) {
            batchSize = size;
            return this;
        }

        ScanCursor open() {
            return ScanCursor.of(range, hashKeyFilter, sortKeyFilter, noValue, batchSize, Optional.empty());
        }
    }

    private static Arguments scanCase(String name, UnaryOperator<Scan> scan, String... expected) {
        return Arguments.of(name, scan, List.of(expected));
    }
}
