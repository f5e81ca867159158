package dev.pegasus.server.replica.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.StorageStatus;
import dev.pegasus.protocol.thrift.incr_request;
import dev.pegasus.protocol.thrift.incr_response;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IncrTest extends StoreTestSupport {
    private WriteExecutor executor;

    @BeforeEach
    void createExecutor() {
        executor = new WriteExecutor(store, clock, StorageLimits.defaults(), () -> 1, () -> false);
    }

    @ParameterizedTest(name = "\"{0}\" + {1} = {2}")
    @CsvSource({
        "'', 5, 5",
        "10, 5, 15",
        "-3, -4, -7",
        "+7, 0, 7",
        "9223372036854775806, 1, 9223372036854775807",
        "-9223372036854775807, -1, -9223372036854775808"})
    void addsToTheStoredInteger(String stored, long increment, long expected) {
        putRecord("h", "n", stored);

        incr_response response = commit(executor.incr(incr(increment, 0)));

        assertEquals(StorageStatus.OK, response.getError());
        assertEquals(expected, response.getNew_value());
        assertEquals(Long.toString(expected), text(store.get(key("h", "n")).orElseThrow()));
    }

    @Test
    void missingRecordCountsAsZero() {
        incr_response response = commit(executor.incr(incr(-2, 0)));

        assertEquals(-2, response.getNew_value());
        assertEquals("-2", text(store.get(key("h", "n")).orElseThrow()));
        assertEquals(Optional.of(Ttl.NEVER_EXPIRES), store.ttl(key("h", "n")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", " 5", "5 ", "1.0", "0x10", "99999999999999999999"})
    void nonIntegerValueIsInvalid(String stored) {
        putRecord("h", "n", stored);

        Prepared<incr_response> prepared = executor.incr(incr(1, 0));

        assertEquals(StorageStatus.INVALID_ARGUMENT, prepared.response().getError());
        assertTrue(prepared.mutation().isEmpty());
    }

    @ParameterizedTest(name = "{0} + {1} overflows")
    @CsvSource({"9223372036854775807, 1", "-9223372036854775808, -1", "9223372036854775000, 9223372036854775000"})
    void overflowIsInvalidAndReturnsTheCurrentValue(long stored, long increment) {
        putRecord("h", "n", Long.toString(stored));

        Prepared<incr_response> prepared = executor.incr(incr(increment, 0));

        assertEquals(StorageStatus.INVALID_ARGUMENT, prepared.response().getError());
        assertEquals(stored, prepared.response().getNew_value());
        assertTrue(prepared.mutation().isEmpty());
    }

    @Test
    void malformedKeyIsInvalid() {
        Prepared<incr_response> prepared = executor.incr(new incr_request().setKey(new byte[] {1}).setIncrement(1));
        assertEquals(StorageStatus.INVALID_ARGUMENT, prepared.response().getError());
        assertTrue(prepared.mutation().isEmpty());
    }

    @Test
    void expiredRecordCountsAsZeroAndItsTtlIsNotKept() {
        putRecord("h", "n", "100", expireIn(5));
        clock.advanceSeconds(5);

        incr_response response = commit(executor.incr(incr(1, 0)));

        assertEquals(1, response.getNew_value());
        assertEquals(Optional.of(Ttl.NEVER_EXPIRES), store.ttl(key("h", "n")));
    }

    @Test
    void zeroExpireKeepsTheRecordsTtl() {
        putRecord("h", "n", "1", expireIn(100));
        clock.advanceSeconds(10);

        commit(executor.incr(incr(1, 0)));

        assertEquals(Optional.of(Ttl.expiresIn(90)), store.ttl(key("h", "n")));
    }

    @Test
    void positiveExpireSetsTheTtl() {
        putRecord("h", "n", "1", expireIn(100));

        commit(executor.incr(incr(1, expireIn(20))));

        assertEquals(Optional.of(Ttl.expiresIn(20)), store.ttl(key("h", "n")));
    }

    @Test
    void negativeExpireClearsTheTtl() {
        putRecord("h", "n", "1", expireIn(100));

        commit(executor.incr(incr(1, -1)));

        assertEquals(Optional.of(Ttl.NEVER_EXPIRES), store.ttl(key("h", "n")));
    }

    @Test
    void negativeExpireOnMissingRecordMeansNoTtl() {
        commit(executor.incr(incr(1, -1)));
        assertEquals(Optional.of(Ttl.NEVER_EXPIRES), store.ttl(key("h", "n")));
    }

    @Test
    void defaultTtlAppliesWhenTheResultHasNoTtl() {
        executor.setDefaultTtlSeconds(60);
        putRecord("h", "n", "1");

        commit(executor.incr(incr(1, 0)));

        assertEquals(Optional.of(Ttl.expiresIn(60)), store.ttl(key("h", "n")));
    }

    private static incr_request incr(long increment, int expireTs) {
        return new incr_request().setKey(key("h", "n")).setIncrement(increment).setExpire_ts_seconds(expireTs);
    }
}
