package dev.pegasus.server.replica.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.StorageStatus;
import dev.pegasus.protocol.thrift.cas_check_type;
import dev.pegasus.protocol.thrift.check_and_mutate_request;
import dev.pegasus.protocol.thrift.check_and_mutate_response;
import dev.pegasus.protocol.thrift.check_and_set_request;
import dev.pegasus.protocol.thrift.check_and_set_response;
import dev.pegasus.protocol.thrift.mutate;
import dev.pegasus.protocol.thrift.mutate_operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** check_and_set and check_and_mutate end to end; the check types themselves are covered by {@link CasCheckTest}. */
class CheckAndWriteTest extends StoreTestSupport {
    private WriteExecutor executor;

    @BeforeEach
    void createExecutor() {
        executor = new WriteExecutor(store, clock, new StorageLimits(16, 256), () -> 1, () -> false);
    }

    @Test
    void passedCheckSetsTheCheckedRecord() {
        putRecord("h", "s", "old");

        check_and_set_response response = commit(executor.checkAndSet(
                cas(cas_check_type.CT_VALUE_BYTES_EQUAL, "old").setSet_value(bytes("new"))));

        assertEquals(StorageStatus.OK, response.getError());
        assertFalse(response.isCheck_value_returned());
        assertEquals("new", text(store.get(key("h", "s")).orElseThrow()));
    }

    @Test
    void failedCheckIsTryAgainAndWritesNothing() {
        putRecord("h", "s", "old");

        Prepared<check_and_set_response> prepared = executor.checkAndSet(
                cas(cas_check_type.CT_VALUE_NOT_EXIST, "").setSet_value(bytes("new")));

        assertEquals(StorageStatus.TRY_AGAIN, prepared.response().getError());
        assertTrue(prepared.mutation().isEmpty());
    }

    @Test
    void returnsTheCheckValueWhetherOrNotTheCheckPassed() {
        putRecord("h", "s", "current");

        check_and_set_response failed = executor.checkAndSet(cas(cas_check_type.CT_VALUE_NOT_EXIST, "")
                .setReturn_check_value(true)).response();
        assertTrue(failed.isCheck_value_returned());
        assertTrue(failed.isCheck_value_exist());
        assertEquals("current", text(failed.getCheck_value()));

        check_and_set_response absent = executor.checkAndSet(cas(cas_check_type.CT_VALUE_NOT_EXIST, "")
                .setCheck_sort_key(bytes("other")).setReturn_check_value(true)).response();
        assertEquals(StorageStatus.OK, absent.getError());
        assertTrue(absent.isCheck_value_returned());
        assertFalse(absent.isCheck_value_exist());
        assertArrayEquals(new byte[0], absent.getCheck_value());
    }

    @Test
    void setDiffSortKeyWritesAnotherRecordWithItsTtl() {
        putRecord("h", "lock", "free");
        int expireTs = expireIn(30);

        commit(executor.checkAndSet(cas(cas_check_type.CT_VALUE_MATCH_PREFIX, "fr")
                .setSet_diff_sort_key(true).setSet_sort_key(bytes("data"))
                .setSet_value(bytes("payload")).setSet_expire_ts_seconds(expireTs)
                .setCheck_sort_key(bytes("lock"))));

        assertEquals("free", text(store.get(key("h", "lock")).orElseThrow()));
        assertEquals("payload", text(store.get(key("h", "data")).orElseThrow()));
        assertEquals(Optional.of(Ttl.expiresIn(30)), store.ttl(key("h", "data")));
    }

    @Test
    void intCheckOnNonIntegerIsInvalidButReturnsTheValue() {
        putRecord("h", "s", "not a number");

        Prepared<check_and_set_response> prepared = executor.checkAndSet(
                cas(cas_check_type.CT_VALUE_INT_LESS, "5").setReturn_check_value(true));

        assertEquals(StorageStatus.INVALID_ARGUMENT, prepared.response().getError());
        assertTrue(prepared.mutation().isEmpty());
        assertEquals("not a number", text(prepared.response().getCheck_value()));
    }

    @Test
    void expiredCheckRecordDoesNotExist() {
        putRecord("h", "s", "old", expireIn(1));
        clock.advanceSeconds(1);

        check_and_set_response response = commit(executor.checkAndSet(
                cas(cas_check_type.CT_VALUE_NOT_EXIST, "").setSet_value(bytes("fresh"))));

        assertEquals(StorageStatus.OK, response.getError());
        assertEquals("fresh", text(store.get(key("h", "s")).orElseThrow()));
    }

    @Test
    void checkAndSetRejectsMissingCheckTypeAndOversizedValue() {
        assertEquals(StorageStatus.INVALID_ARGUMENT,
                executor.checkAndSet(cas(null, "")).response().getError());
        Prepared<check_and_set_response> oversized = executor.checkAndSet(
                cas(cas_check_type.CT_NO_CHECK, "").setSet_value(new byte[17]));
        assertEquals(StorageStatus.INVALID_ARGUMENT, oversized.response().getError());
        assertTrue(oversized.mutation().isEmpty());
    }

    @Test
    void passedCheckAppliesEveryMutateAtomically() {
        putRecord("h", "version", "1");
        putRecord("h", "stale", "x");
        int expireTs = expireIn(40);

        Prepared<check_and_mutate_response> prepared = executor.checkAndMutate(
                cam(cas_check_type.CT_VALUE_INT_EQUAL, "1",
                        put("version", "2", 0), put("data", "d", expireTs), delete("stale")));

        assertEquals(3, prepared.mutation().ops().size());
        assertEquals(StorageStatus.OK, commit(prepared).getError());
        assertEquals("2", text(store.get(key("h", "version")).orElseThrow()));
        assertEquals(Optional.of(Ttl.expiresIn(40)), store.ttl(key("h", "data")));
        assertTrue(store.get(key("h", "stale")).isEmpty());
    }

    @Test
    void failedCheckAppliesNoMutate() {
        putRecord("h", "version", "1");

        Prepared<check_and_mutate_response> prepared = executor.checkAndMutate(
                cam(cas_check_type.CT_VALUE_INT_GREATER, "1", put("version", "2", 0)).setReturn_check_value(true));

        assertEquals(StorageStatus.TRY_AGAIN, prepared.response().getError());
        assertTrue(prepared.mutation().isEmpty());
        assertTrue(prepared.response().isCheck_value_exist());
        assertEquals("1", text(prepared.response().getCheck_value()));
    }

    @Test
    void checkAndMutateRejectsBadMutateLists() {
        assertInvalid(executor.checkAndMutate(cam(cas_check_type.CT_NO_CHECK, "")));
        assertInvalid(executor.checkAndMutate(cam(cas_check_type.CT_NO_CHECK, "",
                new mutate().setSort_key(bytes("s")).setValue(bytes("v")))));
        assertInvalid(executor.checkAndMutate(cam(cas_check_type.CT_NO_CHECK, "", put("s", "x".repeat(17), 0))));
        List<mutate> many = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            many.add(put("sort" + i, "x".repeat(16), 0));
        }
        assertInvalid(executor.checkAndMutate(cam(cas_check_type.CT_NO_CHECK, "").setMutate_list(many)));
        assertInvalid(executor.checkAndMutate(cam(null, "", put("s", "v", 0))));
    }

    private static void assertInvalid(Prepared<check_and_mutate_response> prepared) {
        assertEquals(StorageStatus.INVALID_ARGUMENT, prepared.response().getError());
        assertTrue(prepared.mutation().isEmpty());
    }

    private static check_and_set_request cas(cas_check_type type, String operand) {
        return new check_and_set_request().setHash_key(bytes("h")).setCheck_sort_key(bytes("s"))
                .setCheck_type(type).setCheck_operand(bytes(operand)).setSet_value(bytes("v"));
    }

    private static check_and_mutate_request cam(cas_check_type type, String operand, mutate... mutates) {
        return new check_and_mutate_request().setHash_key(bytes("h")).setCheck_sort_key(bytes("version"))
                .setCheck_type(type).setCheck_operand(bytes(operand)).setMutate_list(List.of(mutates));
    }

    private static mutate put(String sortKey, String value, int expireTs) {
        return new mutate().setOperation(mutate_operation.MO_PUT).setSort_key(bytes(sortKey))
                .setValue(bytes(value)).setSet_expire_ts_seconds(expireTs);
    }

    private static mutate delete(String sortKey) {
        return new mutate().setOperation(mutate_operation.MO_DELETE).setSort_key(bytes(sortKey));
    }
}
