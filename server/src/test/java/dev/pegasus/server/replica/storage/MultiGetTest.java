package dev.pegasus.server.replica.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.StorageStatus;
import dev.pegasus.protocol.thrift.filter_type;
import dev.pegasus.protocol.thrift.key_value;
import dev.pegasus.protocol.thrift.multi_get_request;
import dev.pegasus.protocol.thrift.multi_get_response;
import java.nio.ByteBuffer;
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
                rangeCase("whole hash key", r -> r, StorageStatus.OK, "a", "ab", "b", "ba", "c"),
                rangeCase("start inclusive", r -> r.setStart_sortkey(bytes("ab")).setStart_inclusive(true),
                        StorageStatus.OK, "ab", "b", "ba", "c"),
                rangeCase("start exclusive", r -> r.setStart_sortkey(bytes("ab")).setStart_inclusive(false),
                        StorageStatus.OK, "b", "ba", "c"),
                rangeCase("stop inclusive", r -> r.setStop_sortkey(bytes("b")).setStop_inclusive(true),
                        StorageStatus.OK, "a", "ab", "b"),
                rangeCase("stop exclusive", r -> r.setStop_sortkey(bytes("b")).setStop_inclusive(false),
                        StorageStatus.OK, "a", "ab"),
                rangeCase("start equals stop, both inclusive", r -> r.setStart_sortkey(bytes("b"))
                        .setStart_inclusive(true).setStop_sortkey(bytes("b")).setStop_inclusive(true),
                        StorageStatus.OK, "b"),
                rangeCase("start equals stop, exclusive", r -> r.setStart_sortkey(bytes("b"))
                        .setStart_inclusive(true).setStop_sortkey(bytes("b")).setStop_inclusive(false),
                        StorageStatus.OK),
                rangeCase("start after stop", r -> r.setStart_sortkey(bytes("c")).setStop_sortkey(bytes("a")),
                        StorageStatus.OK),
                rangeCase("bounds between keys", r -> r.setStart_sortkey(bytes("aa")).setStop_sortkey(bytes("bb")),
                        StorageStatus.OK, "ab", "b", "ba"),
                rangeCase("prefix filter", r -> filter(r, filter_type.FT_MATCH_PREFIX, "b"),
                        StorageStatus.OK, "b", "ba"),
                rangeCase("postfix filter", r -> filter(r, filter_type.FT_MATCH_POSTFIX, "a"),
                        StorageStatus.OK, "a", "ba"),
                rangeCase("anywhere filter", r -> filter(r, filter_type.FT_MATCH_ANYWHERE, "b"),
                        StorageStatus.OK, "ab", "b", "ba"),
                rangeCase("empty pattern matches all", r -> filter(r, filter_type.FT_MATCH_PREFIX, ""),
                        StorageStatus.OK, "a", "ab", "b", "ba", "c"),
                rangeCase("prefix filter inside an exclusive range", r -> filter(r, filter_type.FT_MATCH_PREFIX, "b")
                        .setStart_sortkey(bytes("b")).setStart_inclusive(false), StorageStatus.OK, "ba"),
                rangeCase("count limit stops early", r -> r.setMax_kv_count(2),
                        StorageStatus.INCOMPLETE, "a", "ab"),
                rangeCase("count limit equal to the data", r -> r.setMax_kv_count(5),
                        StorageStatus.OK, "a", "ab", "b", "ba", "c"),
                rangeCase("count limit counts matches only", r -> filter(r, filter_type.FT_MATCH_PREFIX, "b")
                        .setMax_kv_count(2), StorageStatus.OK, "b", "ba"),
                // "a"+"va" is 3 bytes, below 4; "ab"+"vab" brings it to 8, so the read stops after it.
                rangeCase("size limit includes the record reaching it", r -> r.setMax_kv_size(4),
                        StorageStatus.INCOMPLETE, "a", "ab"),
                rangeCase("reverse reads the last records, returned ascending", r -> r.setReverse(true)
                        .setMax_kv_count(2), StorageStatus.INCOMPLETE, "ba", "c"),
                rangeCase("reverse whole range", r -> r.setReverse(true),
                        StorageStatus.OK, "a", "ab", "b", "ba", "c"),
                rangeCase("reverse with bounds", r -> r.setReverse(true).setStart_sortkey(bytes("ab"))
                        .setStart_inclusive(false).setStop_sortkey(bytes("ba")).setStop_inclusive(false),
                        StorageStatus.OK, "b"),
                rangeCase("reverse with filter and limit", r -> filter(r, filter_type.FT_MATCH_POSTFIX, "a")
                        .setReverse(true).setMax_kv_count(1), StorageStatus.INCOMPLETE, "ba"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rangeCases")
    void readsSortKeyRanges(String name, UnaryOperator<multi_get_request> request, int error, List<String> expected) {
        multi_get_response response = store.multiGet(request.apply(new multi_get_request()
                .setHash_key(bytes("h")).setStart_inclusive(true)));

        assertEquals(error, response.getError());
        assertEquals(expected, sortKeys(response));
        for (key_value kv : response.getKvs()) {
            assertEquals("v" + text(kv.getKey()), text(kv.getValue()));
        }
    }

    @Test
    void noValueReturnsKeysWithEmptyValues() {
        multi_get_response response = store.multiGet(new multi_get_request().setHash_key(bytes("h"))
                .setStart_inclusive(true).setNo_value(true));

        assertEquals(SORT_KEYS, sortKeys(response));
        assertTrue(response.getKvs().stream().allMatch(kv -> kv.getValue().length == 0));
    }

    @Test
    void listedSortKeysReturnThoseThatExistInRequestOrder() {
        multi_get_response response = store.multiGet(listed("c", "zz", "a"));

        assertEquals(StorageStatus.OK, response.getError());
        assertEquals(List.of("c", "a"), sortKeys(response));
        assertEquals("vc", text(response.getKvs().get(0).getValue()));
    }

    @Test
    void listedSortKeysObeyTheCountLimit() {
        multi_get_response response = store.multiGet(listed("c", "zz", "a").setMax_kv_count(1));

        assertEquals(StorageStatus.INCOMPLETE, response.getError());
        assertEquals(List.of("c"), sortKeys(response));
    }

    @Test
    void listedSortKeysWithNoValue() {
        multi_get_response response = store.multiGet(listed("b").setNo_value(true));

        assertEquals(List.of("b"), sortKeys(response));
        assertEquals(0, response.getKvs().get(0).getValue().length);
    }

    @Test
    void expiredRecordsAreSkippedAndDoNotCountAgainstLimits() {
        putRecord("h", "aa", "vaa", expireIn(1));
        clock.advanceSeconds(1);

        multi_get_response response = store.multiGet(new multi_get_request().setHash_key(bytes("h"))
                .setStart_inclusive(true).setMax_kv_count(3));

        assertEquals(List.of("a", "ab", "b"), sortKeys(response));
        assertEquals(StorageStatus.INCOMPLETE, response.getError());
    }

    @Test
    void hashKeyTooLongIsInvalid() {
        byte[] hashKey = new byte[0xFFFF];
        assertEquals(StorageStatus.INVALID_ARGUMENT,
                store.multiGet(new multi_get_request().setHash_key(hashKey)).getError());
    }

    @Test
    void unknownHashKeyReturnsNothing() {
        multi_get_response response = store.multiGet(new multi_get_request().setHash_key(bytes("nope")));
        assertEquals(StorageStatus.OK, response.getError());
        assertEquals(List.of(), response.getKvs());
    }

    private static multi_get_request listed(String... sortKeys) {
        return new multi_get_request().setHash_key(bytes("h"))
                .setSork_keys(Arrays.stream(sortKeys).map(s -> ByteBuffer.wrap(bytes(s))).toList());
    }

    private static multi_get_request filter(multi_get_request request, filter_type type, String pattern) {
        return request.setSort_key_filter_type(type).setSort_key_filter_pattern(bytes(pattern));
    }

    private static Arguments rangeCase(String name, UnaryOperator<multi_get_request> request, int error,
                                       String... expected) {
        return Arguments.of(name, request, error, List.of(expected));
    }

    private static List<String> sortKeys(multi_get_response response) {
        return response.getKvs().stream().map(kv -> text(kv.getKey())).toList();
    }
}
