package dev.pegasus.server.replica.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MultiGetTest extends StoreTestSupport {
    private static final List<String> SORT_KEYS = List.of("a", "ab", "b", "ba", "c");
    private static final boolean COMPLETE = true;
    private static final boolean INCOMPLETE = false;

    @BeforeEach
    void writeHashKeyWithNeighbours() {
        for (String sortKey : SORT_KEYS) {
            putRecord("h", sortKey, "v" + sortKey);
        }
        // Neighbouring hash keys in storage-key order must never leak into results.
        putRecord("g", "z", "x");
        putRecord("hh", "a", "x");
        putRecord("i", "", "x");
    }

    static Stream<Arguments> rangeCases() {
        return Stream.of(
                rangeCase("whole hash key", q -> q, COMPLETE, "a", "ab", "b", "ba", "c"),
                rangeCase("start inclusive", q -> q.start("ab", true), COMPLETE, "ab", "b", "ba", "c"),
                rangeCase("start exclusive", q -> q.start("ab", false), COMPLETE, "b", "ba", "c"),
                rangeCase("stop inclusive", q -> q.stop("b", true), COMPLETE, "a", "ab", "b"),
                rangeCase("stop exclusive", q -> q.stop("b", false), COMPLETE, "a", "ab"),
                rangeCase("start equals stop, both inclusive", q -> q.start("b", true).stop("b", true),
                        COMPLETE, "b"),
                rangeCase("start equals stop, exclusive", q -> q.start("b", true).stop("b", false), COMPLETE),
                rangeCase("start after stop", q -> q.start("c", false).stop("a", false), COMPLETE),
                rangeCase("bounds between keys", q -> q.start("aa", false).stop("bb", false),
                        COMPLETE, "ab", "b", "ba"),
                rangeCase("prefix filter", q -> q.filter(PatternFilter.Kind.PREFIX, "b"), COMPLETE, "b", "ba"),
                rangeCase("postfix filter", q -> q.filter(PatternFilter.Kind.POSTFIX, "a"), COMPLETE, "a", "ba"),
                rangeCase("anywhere filter", q -> q.filter(PatternFilter.Kind.ANYWHERE, "b"),
                        COMPLETE, "ab", "b", "ba"),
                rangeCase("empty pattern matches all", q -> q.filter(PatternFilter.Kind.PREFIX, ""),
                        COMPLETE, "a", "ab", "b", "ba", "c"),
                rangeCase("prefix filter inside an exclusive range", q -> q.filter(PatternFilter.Kind.PREFIX, "b")
                        .start("b", false), COMPLETE, "ba"),
                rangeCase("count limit stops early", q -> q.maxCount(2), INCOMPLETE, "a", "ab"),
                rangeCase("count limit equal to the data", q -> q.maxCount(5), COMPLETE, "a", "ab", "b", "ba", "c"),
                rangeCase("count limit counts matches only", q -> q.filter(PatternFilter.Kind.PREFIX, "b")
                        .maxCount(2), COMPLETE, "b", "ba"),
                // "a"+"va" is 3 bytes, below 4; "ab"+"vab" brings it to 8, so the read stops after it.
                rangeCase("size limit includes the record reaching it", q -> q.maxBytes(4), INCOMPLETE, "a", "ab"),
                rangeCase("reverse reads the last records, returned ascending", q -> q.reverse().maxCount(2),
                        INCOMPLETE, "ba", "c"),
                rangeCase("reverse whole range", q -> q.reverse(), COMPLETE, "a", "ab", "b", "ba", "c"),
                rangeCase("reverse with bounds", q -> q.reverse().start("ab", false).stop("ba", false),
                        COMPLETE, "b"),
                rangeCase("reverse with filter and limit", q -> q.filter(PatternFilter.Kind.POSTFIX, "a")
                        .reverse().maxCount(1), INCOMPLETE, "ba"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rangeCases")
    void readsSortKeyRanges(String name, UnaryOperator<Query> query, boolean complete, List<String> expected) {
        MultiGetResult result = store.multiGet(query.apply(new Query()).build());

        assertEquals(complete, result.complete());
        assertEquals(expected, sortKeys(result));
        for (SortKeyValue record : result.records()) {
            assertEquals("v" + text(record.sortKey()), text(record.value()));
        }
    }

    @Test
    void noValueReturnsKeysWithEmptyValues() {
        MultiGetResult result = store.multiGet(new Query().noValue().build());

        assertEquals(SORT_KEYS, sortKeys(result));
        assertTrue(result.records().stream().allMatch(record -> record.value().length == 0));
    }

    @Test
    void listedSortKeysReturnThoseThatExistInRequestOrder() {
        MultiGetResult result = store.multiGet(new Query().listed("c", "zz", "a").build());

        assertTrue(result.complete());
        assertEquals(List.of("c", "a"), sortKeys(result));
        assertEquals("vc", text(result.records().get(0).value()));
    }

    @Test
    void listedSortKeysObeyTheCountLimit() {
        MultiGetResult result = store.multiGet(new Query().listed("c", "zz", "a").maxCount(1).build());

        assertFalse(result.complete());
        assertEquals(List.of("c"), sortKeys(result));
    }

    @Test
    void listedSortKeysWithNoValue() {
        MultiGetResult result = store.multiGet(new Query().listed("b").noValue().build());

        assertEquals(List.of("b"), sortKeys(result));
        assertEquals(0, result.records().get(0).value().length);
    }

    @Test
    void listedSortKeysIgnoreTheRangeTheFilterAndReverse() {
        MultiGetResult result = store.multiGet(new Query().listed("c", "a").start("b", true)
                .filter(PatternFilter.Kind.PREFIX, "x").reverse().build());

        assertEquals(List.of("c", "a"), sortKeys(result));
    }

    @Test
    void expiredRecordsAreSkippedAndDoNotCountAgainstLimits() {
        putRecord("h", "aa", "vaa", expireIn(1));
        clock.advanceSeconds(1);

        MultiGetResult result = store.multiGet(new Query().maxCount(3).build());

        assertEquals(List.of("a", "ab", "b"), sortKeys(result));
        assertFalse(result.complete());
    }

    /** Requests are validated before they reach the store; one that slips through must not be read. */
    @Test
    void hashKeyTooLongIsRejected() {
        Query query = new Query();
        query.hashKey = new byte[0xFFFF];
        assertThrows(IllegalArgumentException.class, () -> store.multiGet(query.build()));
        assertThrows(IllegalArgumentException.class, () -> store.multiGet(query.listed("a").build()));
    }

    @Test
    void unknownHashKeyReturnsNothing() {
        Query query = new Query();
        query.hashKey = bytes("nope");
        MultiGetResult result = store.multiGet(query.build());
        assertTrue(result.complete());
        assertEquals(List.of(), result.records());
    }

    /** A query of hash key "h" over all its sort keys, changed field by field as each case needs. */
    static final class Query {
        byte[] hashKey = bytes("h");
        private List<byte[]> sortKeys = List.of();
        private byte[] start = new byte[0];
        private boolean startInclusive = true;
        private byte[] stop = new byte[0];
        private boolean stopInclusive;
        private PatternFilter filter = PatternFilter.NONE;
        private int maxCount;
        private int maxBytes;
        private boolean noValue;
        private boolean reverse;

        Query listed(String... keys) {
            sortKeys = Arrays.stream(keys).map(StoreTestSupport::bytes).toList();
            return this;
        }

        Query start(String sortKey, boolean inclusive) {
            start = bytes(sortKey);
            startInclusive = inclusive;
            return this;
        }

        Query stop(String sortKey, boolean inclusive) {
            stop = bytes(sortKey);
            stopInclusive = inclusive;
            return this;
        }

        Query filter(PatternFilter.Kind kind, String pattern) {
            filter = PatternFilter.of(kind, bytes(pattern));
            return this;
        }

        Query maxCount(int count) {
            maxCount = count;
            return this;
        }

        Query maxBytes(int bytes) {
            maxBytes = bytes;
            return this;
        }

        Query noValue() {
            noValue = true;
            return this;
        }

        Query reverse() {
            reverse = true;
            return this;
        }

        MultiGetQuery build() {
            return new MultiGetQuery(hashKey, sortKeys, new KeyBounds(start, startInclusive, stop, stopInclusive),
                    filter, maxCount, maxBytes, noValue, reverse);
        }
    }

    private static Arguments rangeCase(String name, UnaryOperator<Query> query, boolean complete, String... expected) {
        return Arguments.of(name, query, complete, List.of(expected));
    }

    private static List<String> sortKeys(MultiGetResult result) {
        return result.records().stream().map(record -> text(record.sortKey())).toList();
    }
}
