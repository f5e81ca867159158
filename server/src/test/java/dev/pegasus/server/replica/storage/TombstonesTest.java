package dev.pegasus.server.replica.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.ValueSchema;
import dev.pegasus.protocol.thrift.duplicate_entry;
import dev.pegasus.protocol.thrift.duplicate_request;
import dev.pegasus.protocol.thrift.duplicated_write;
import dev.pegasus.protocol.thrift.update_request;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * In a duplicated table a delete leaves a tombstone: no reader sees the key, a duplicated write older
 * than the delete loses to it, a newer one wins, and the sweep keeps the tombstone for its retention.
 */
class TombstonesTest extends StoreTestSupport {
    private static final int CLUSTER_ID = 1;
    private WriteExecutor executor;

    @BeforeEach
    void createExecutor() {
        executor = new WriteExecutor(store, clock, StorageLimits.defaults(), () -> CLUSTER_ID, () -> true);
    }

    @Test
    void aDeleteLeavesATombstoneNoReaderSees() {
        commit(executor.put(new update_request(ByteBuffer.wrap(key("h", "s")), ByteBuffer.wrap(bytes("v")), 0)));
        clock.advanceMicros(10);
        commit(executor.remove(key("h", "s")));

        assertEquals(Optional.empty(), store.readLive(key("h", "s")));
        assertEquals(0, store.sortKeyCount(bytes("h")));
        byte[] stored = store.readStored(key("h", "s")).orElseThrow();
        assertTrue(ValueSchema.isTombstone(stored));
        assertEquals(ValueSchema.timetag(clock.nowMicros(), CLUSTER_ID, true), ValueSchema.timetag(stored));
    }

    @Test
    void aDuplicatedWriteOlderThanTheDeleteLosesAndANewerOneWins() {
        long before = clock.nowMicros();
        clock.advanceMicros(100);
        commit(executor.remove(key("h", "s")));

        commit(executor.duplicate(shipped(ValueSchema.timetag(before, 2, false), "older")));
        assertEquals(Optional.empty(), store.readLive(key("h", "s")), "the older put loses to the delete");

        commit(executor.duplicate(shipped(ValueSchema.timetag(clock.nowMicros() + 1, 2, false), "newer")));
        assertEquals("newer", text(ValueSchema.userValue(store.readLive(key("h", "s")).orElseThrow())));
    }

    @Test
    void aLocalWriteAfterAShippedOneIsNewerThanItEvenAgainstAClockAhead() {
        long ahead = clock.nowMicros() + 5_000_000;
        commit(executor.duplicate(shipped(ValueSchema.timetag(ahead, 2, false), "from a clock ahead")));
        commit(executor.put(new update_request(ByteBuffer.wrap(key("h", "s")), ByteBuffer.wrap(bytes("local")), 0)));

        long local = ValueSchema.timetag(store.readLive(key("h", "s")).orElseThrow());
        assertTrue(ValueSchema.timestampMicrosOf(local) > ahead, "stamped after the shipped write");
    }

    @Test
    void aWriteAfterAFailoverToAServerWhoseClockIsBehindIsStillNewerThanWhatTheKeyHolds() {
        commit(executor.put(new update_request(ByteBuffer.wrap(key("h", "s")), ByteBuffer.wrap(bytes("old")), 0)));
        commit(executor.remove(key("h", "d")));
        long before = ValueSchema.timetag(store.readStored(key("h", "s")).orElseThrow());
        long deleted = ValueSchema.timetag(store.readStored(key("h", "d")).orElseThrow());

        clock.advanceMicros(-3_000_000);
        WriteExecutor newPrimary = new WriteExecutor(store, clock, StorageLimits.defaults(), () -> CLUSTER_ID, () -> true);
        commit(newPrimary.put(new update_request(ByteBuffer.wrap(key("h", "s")), ByteBuffer.wrap(bytes("new")), 0)));
        commit(newPrimary.put(new update_request(ByteBuffer.wrap(key("h", "d")), ByteBuffer.wrap(bytes("back")), 0)));

        assertTrue(ValueSchema.timetag(store.readStored(key("h", "s")).orElseThrow()) > before, "past the old write");
        assertTrue(ValueSchema.timetag(store.readStored(key("h", "d")).orElseThrow()) > deleted, "past the delete");
    }

    @Test
    void aNewPrimaryStampsPastWhatItsPredecessorPreparedThoughItIsNotAppliedYet() {
        long ahead = clock.nowMicros() + 2_000_000;
        WriteOp prepared = WriteOp.put(key("h", "s"), ValueSchema.encode(0, ValueSchema.timetag(ahead, CLUSTER_ID, false),
                bytes("logged, not applied")));
        WriteExecutor newPrimary = new WriteExecutor(store, clock, StorageLimits.defaults(), () -> CLUSTER_ID, () -> true);
        newPrimary.notePrepared(List.of(prepared));
        commit(newPrimary.put(new update_request(ByteBuffer.wrap(key("h", "t")), ByteBuffer.wrap(bytes("new")), 0)));
        assertTrue(ValueSchema.timestampMicrosOf(ValueSchema.timetag(store.readStored(key("h", "t")).orElseThrow()))
                > ahead);
    }

    @Test
    void theSweepKeepsATombstoneForItsRetentionOnly() {
        commit(executor.remove(key("h", "s")));
        clock.advanceSeconds(Tombstones.RETENTION.toSeconds() - 60);
        store.removeExpired(1000);
        assertTrue(store.readStored(key("h", "s")).isPresent(), "kept within the retention");

        clock.advanceSeconds(120);
        store.removeExpired(1000);
        assertEquals(Optional.empty(), store.readStored(key("h", "s")), "swept after it");
    }

    private static duplicate_request shipped(long timetag, String value) {
        duplicated_write write = new duplicated_write(ByteBuffer.wrap(key("h", "s")), timetag)
                .setValue(ValueSchema.encode(0, timetag, bytes(value)));
        return new duplicate_request(List.of(new duplicate_entry().setWrites(List.of(write))));
    }
}
