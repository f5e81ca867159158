package dev.pegasus.server.replica.duplication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.AppliedDuplicates;
import dev.pegasus.client.DuplicatedWrite;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.ValueSchema;
import dev.pegasus.protocol.thrift.duplication_report;
import dev.pegasus.server.replica.core.LoggedMutation;
import dev.pegasus.server.replica.log.InMemoryMutationLog;
import dev.pegasus.server.replica.log.LogRecord;
import dev.pegasus.server.replica.storage.PartitionStore;
import dev.pegasus.server.replica.storage.WriteOp;
import dev.pegasus.server.wire.MutationCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A primary ships its committed writes in decree order, one batch at a time, moves its confirmed decree
 * only once the remote applied a batch, ships a failed batch again, and meets decrees missing from its
 * log as its fail mode says.
 */
class PartitionShipperTest {
    private static final Gpid GPID = new Gpid(3, 1);
    private static final int OWN_CLUSTER = 1;

    private final InMemoryMutationLog log = new InMemoryMutationLog();
    private final List<List<DuplicatedWrite>> sent = new ArrayList<>();
    private CompletableFuture<AppliedDuplicates> answer =
            CompletableFuture.completedFuture(new AppliedDuplicates(1, 0));

    @BeforeEach
    void replayEmptyLog() {
        log.replay(record -> { });
    }

    /** The replica's store: its records and the decree they hold every write up to. */
    private final TreeMap<String, byte[]> stored = new TreeMap<>();
    private long appliedDecree;
    private final PartitionShipper.StateSource state = new PartitionShipper.StateSource() {
        @Override
        public long appliedDecree() {
            return appliedDecree;
        }


        @Override
        public PartitionStore.StoredStretch read(byte[] fromKey, long maxBytes) {
            // One record per stretch, to show the copy goes on across batches.
            Map.Entry<String, byte[]> first = stored.ceilingEntry(new String(fromKey, StandardCharsets.UTF_8));
            if (first == null) {
                return new PartitionStore.StoredStretch(List.of(), Optional.empty());
            }
            String next = stored.higherKey(first.getKey());
            return new PartitionStore.StoredStretch(List.of(WriteOp.put(bytes(first.getKey()), first.getValue())),
                    Optional.ofNullable(next).map(PartitionShipperTest::bytes));
        }
    };

    private final PartitionShipper.Sender sender = (writes, commitTimeMicros) -> {
        sent.add(writes);
        return answer;
    };

    @Test
    void shipsCommittedWritesInOrderAndConfirmsThemOnceApplied() {
        put(1, 1, "a");
        delete(2, 1, "b");
        put(3, 1, "c");
        PartitionShipper shipper = new PartitionShipper(GPID, 7, 0, 0, 1 << 20, state);

        shipper.step(log, 2, 1000, OWN_CLUSTER, false, sender);
        assertEquals(1, sent.size());
        assertEquals(List.of("a", "b"), keys(sent.get(0)), "only what is committed, in decree order");
        assertTrue(sent.get(0).get(1).isDelete());
        assertEquals(ValueSchema.timetag(1000 + 1, OWN_CLUSTER, true), sent.get(0).get(1).timetag(),
                "a delete logged without a timetag comes right after the write before it");
        assertEquals(2, shipper.confirmed());

        shipper.step(log, 3, 2000, OWN_CLUSTER, false, sender);
        assertEquals(List.of("c"), keys(sent.get(1)));
        assertEquals(3, shipper.confirmed());
        duplication_report report = shipper.report(3, 3000);
        assertEquals(3, report.getConfirmed_decree());
        assertEquals(0, report.getLag_ms());
    }

    @Test
    void aBatchInFlightHoldsTheNextOneAndAFailedBatchIsShippedAgain() {
        put(1, 1, "a");
        PartitionShipper shipper = new PartitionShipper(GPID, 7, 0, 0, 1 << 20, state);
        answer = new CompletableFuture<>();
        shipper.step(log, 1, 1000, OWN_CLUSTER, false, sender);
        put(2, 1, "b");
        shipper.step(log, 2, 1100, OWN_CLUSTER, false, sender);
        assertEquals(1, sent.size(), "one batch in flight at a time");
        assertEquals(1100 - 1000, shipper.report(2, 1100).getLag_ms());

        answer.completeExceptionally(new IllegalStateException("remote primary moved"));
        assertEquals(0, shipper.confirmed());
        answer = CompletableFuture.completedFuture(new AppliedDuplicates(2, 1));
        shipper.step(log, 2, 1200, OWN_CLUSTER, false, sender);
        assertEquals(List.of("a", "b"), keys(sent.get(1)), "shipped again from the first unconfirmed decree");
        assertEquals(2, shipper.confirmed());
        assertEquals(1, shipper.report(2, 1200).getRepeated(), "what the remote said it held already");
    }

    @Test
    void decreesMissingFromTheLogAreShippedAsTheStoredRecordsUnderSlowAndSkippedAndCountedUnderSkip() {
        put(5, 2, "e");
        put(6, 2, "f");
        stored.put("c", ValueSchema.encode(0, ValueSchema.timetag(3000, OWN_CLUSTER, false), bytes("c")));
        stored.put("d", ValueSchema.encode(1, ValueSchema.timetag(4000, OWN_CLUSTER, true), new byte[0]));
        stored.put("theirs", ValueSchema.encode(0, ValueSchema.timetag(4500, 2, false), bytes("x")));
        stored.put("e", ValueSchema.encode(0, ValueSchema.timetag(5000, OWN_CLUSTER, false), bytes("e")));
        appliedDecree = 5;
        PartitionShipper slow = new PartitionShipper(GPID, 7, 2, 0, 1 << 20, state);
        for (int step = 0; step < 6; step++) {
            slow.step(log, 6, 1000, OWN_CLUSTER, false, sender);
        }
        assertEquals(List.of(List.of("c"), List.of("d"), List.of("e"), List.of("f")),
                sent.stream().map(PartitionShipperTest::keys).toList(),
                "the records, tombstone included, not another cluster's; then the log after the applied decree");
        assertTrue(sent.get(1).get(0).isDelete() || ValueSchema.isDelete(sent.get(1).get(0).timetag()));
        assertEquals(6, slow.confirmed());

        sent.clear();
        PartitionShipper skipping = new PartitionShipper(GPID, 7, 2, 0, 1 << 20, state);
        skipping.step(log, 6, 1000, OWN_CLUSTER, true, sender);
        assertEquals(4, skipping.confirmed());
        assertEquals(2, skipping.report(6, 1000).getSkipped());
        skipping.step(log, 6, 1000, OWN_CLUSTER, true, sender);
        assertEquals(List.of("e", "f"), keys(sent.get(0)));
    }

    @Test
    void recordsBelowTheReplicasOwnHistoryAreNotItsToShip() {
        put(1, 1, "stale, of an earlier replica here");
        put(4, 3, "d");
        PartitionShipper shipper = new PartitionShipper(GPID, 7, 0, 4, 1 << 20, state);
        shipper.step(log, 4, 1000, OWN_CLUSTER, true, sender);
        assertEquals(3, shipper.confirmed());
        shipper.step(log, 4, 1000, OWN_CLUSTER, true, sender);
        assertEquals(List.of("d"), keys(sent.get(0)));
    }

    @Test
    void aRecordLargerThanTheBatchSizeStillShips() {
        put(1, 1, "a");
        put(2, 1, "b");
        PartitionShipper shipper = new PartitionShipper(GPID, 7, 0, 0, 1, state);
        shipper.step(log, 2, 1000, OWN_CLUSTER, false, sender);
        assertEquals(List.of("a", "b"), keys(sent.get(0)), "read again with room for more than one record");
        assertEquals(2, shipper.confirmed());
    }

    @Test
    void aDeleteFirstInTheStreamComesJustBeforeTheWriteAfterIt() {
        delete(1, 1, "gone");
        put(2, 1, "b");
        PartitionShipper shipper = new PartitionShipper(GPID, 7, 0, 0, 1 << 20, state);
        shipper.step(log, 2, 5_000_000, OWN_CLUSTER, false, sender);
        assertEquals(ValueSchema.timetag(2000 - 1, OWN_CLUSTER, true), sent.get(0).get(0).timetag());
    }

    @Test
    void keepingUpShipsWhatTheReplicaAppliedFromMemory() {
        PartitionShipper shipper = new PartitionShipper(GPID, 7, 0, 0, 1 << 20, state);
        shipper.onApplied(putMutation(1, "a"));
        shipper.onApplied(putMutation(2, "b"));
        shipper.step(log, 2, 1000, OWN_CLUSTER, false, sender);
        assertEquals(List.of("a", "b"), keys(sent.get(0)), "shipped though the log holds none of them");
        assertEquals(2, shipper.confirmed());

        put(3, 1, "c");
        shipper.step(log, 3, 2000, OWN_CLUSTER, false, sender);
        assertEquals(List.of("c"), keys(sent.get(1)), "what memory lacks is read from the log");
    }

    @Test
    void writesOfAnotherClusterAreNotShippedOn() {
        put(1, 1, "mine");
        append(new LoggedMutation(1, 2, 1, List.of(WriteOp.put(bytes("theirs"),
                ValueSchema.encode(0, ValueSchema.timetag(2000, 2, false), bytes("v"))))));
        PartitionShipper shipper = new PartitionShipper(GPID, 7, 0, 0, 1 << 20, state);
        shipper.step(log, 2, 1000, OWN_CLUSTER, false, sender);
        assertEquals(List.of("mine"), keys(sent.get(0)));
        assertEquals(2, shipper.confirmed());
    }

    @Test
    void aPartitionWithNoRecordLeftSkipsEverythingUnderSkip() {
        PartitionShipper shipper = new PartitionShipper(GPID, 7, 0, 0, 1 << 20, state);
        shipper.step(log, 5, 1000, OWN_CLUSTER, true, sender);
        assertEquals(5, shipper.confirmed());
        assertEquals(5, shipper.report(5, 1000).getSkipped());
    }

    @Test
    void aNewDuplicationReportsOnlyOnceItsStartIsCommitted() {
        PartitionShipper shipper = new PartitionShipper(GPID, 7, 4, 0, 1 << 20, state);
        shipper.step(log, 3, 1000, OWN_CLUSTER, false, sender);
        assertTrue(!shipper.started());
        shipper.step(log, 4, 1000, OWN_CLUSTER, false, sender);
        assertTrue(shipper.started());
    }

    private void put(long decree, long ballot, String key) {
        append(new LoggedMutation(ballot, decree, decree - 1, putMutation(decree, key).writes()));
    }

    private static LoggedMutation putMutation(long decree, String key) {
        return new LoggedMutation(1, decree, decree - 1, List.of(WriteOp.put(bytes(key),
                ValueSchema.encode(0, ValueSchema.timetag(decree * 1000, OWN_CLUSTER, false), bytes("v")))));
    }

    private void delete(long decree, long ballot, String key) {
        append(new LoggedMutation(ballot, decree, decree - 1, List.of(WriteOp.delete(bytes(key)))));
    }

    private void append(LoggedMutation mutation) {
        log.append(new LogRecord(GPID, mutation.ballot(), mutation.decree(), mutation.lastCommittedDecree(),
                MutationCodec.toPayload(mutation)), false);
        log.flush();
    }

    private static List<String> keys(List<DuplicatedWrite> writes) {
        return writes.stream().map(write -> new String(write.storageKey(), StandardCharsets.UTF_8)).toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
