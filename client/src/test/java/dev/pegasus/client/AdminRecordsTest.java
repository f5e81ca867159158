package dev.pegasus.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.backup_item;
import dev.pegasus.protocol.thrift.backup_partition_progress;
import dev.pegasus.protocol.thrift.backup_policy;
import dev.pegasus.protocol.thrift.backup_state;
import dev.pegasus.protocol.thrift.backup_status;
import dev.pegasus.protocol.thrift.balance_plan_response;
import dev.pegasus.protocol.thrift.bulk_load_control;
import dev.pegasus.protocol.thrift.bulk_load_item;
import dev.pegasus.protocol.thrift.bulk_load_partition_progress;
import dev.pegasus.protocol.thrift.bulk_load_state;
import dev.pegasus.protocol.thrift.bulk_load_status;
import dev.pegasus.protocol.thrift.decommission_op;
import dev.pegasus.protocol.thrift.decommission_response;
import dev.pegasus.protocol.thrift.meta_function_level;
import dev.pegasus.protocol.thrift.node_load;
import dev.pegasus.protocol.thrift.query_split_response;
import dev.pegasus.protocol.thrift.restore_partition_progress;
import dev.pegasus.protocol.thrift.split_control;
import dev.pegasus.protocol.thrift.split_status;
import dev.pegasus.protocol.thrift.start_restore_response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The admin API's own types read from the meta server's Thrift answers, without a cluster. */
class AdminRecordsTest {
    private static final String NODE = "127.0.0.1:34801";

    @Test
    void everyWireConstantButThePlaceholderHasAClientConstant() {
        assertCovers(meta_function_level.class, MetaLevel.class, MetaLevel::wire, Set.of(meta_function_level.fl_stopped,
                meta_function_level.fl_blind, meta_function_level.fl_freezed, meta_function_level.fl_invalid));
        assertCovers(decommission_op.class, DecommissionAction.class, DecommissionAction::wire,
                Set.of(decommission_op.DO_INVALID));
        assertCovers(split_control.class, SplitControl.class, SplitControl::wire, Set.of());
        assertCovers(split_status.class, SplitState.class, SplitState::wire, Set.of(split_status.SS_INVALID));
        assertCovers(bulk_load_control.class, BulkLoadControl.class, BulkLoadControl::wire, Set.of());
        assertCovers(bulk_load_status.class, BulkLoadStatus.class, BulkLoadStatus::wire, Set.of());
        assertCovers(backup_status.class, BackupStatus.class, BackupStatus::wire, Set.of());
        for (MetaLevel level : MetaLevel.values()) {
            assertEquals(level, MetaLevel.from(level.wire()));
        }
    }

    private static <W extends Enum<W>, E extends Enum<E>> void assertCovers(Class<W> wire, Class<E> client,
            Function<E, W> wireOf, Set<W> placeholders) {
        Set<W> covered = Arrays.stream(client.getEnumConstants()).map(wireOf).collect(Collectors.toSet());
        Set<W> expected = EnumSet.allOf(wire);
        expected.removeAll(placeholders);
        assertEquals(expected, covered, client.getSimpleName());
    }

    @Test
    void anAnswerWithoutALevelIsDamaged() {
        PegasusException missing = assertThrows(PegasusException.class, () -> MetaLevel.from(null));
        assertEquals(ErrorCode.ERR_INVALID_DATA, missing.code());
        PegasusException invalid = assertThrows(PegasusException.class, () -> MetaLevel.from(meta_function_level.fl_invalid));
        assertTrue(invalid.getMessage().contains("fl_invalid"), invalid.getMessage());
    }

    @Test
    void balancePlanNamesNodesAndSaysWhyItIsFrozen() {
        balance_plan_response response = new balance_plan_response().setLevel(meta_function_level.fl_steady).setFrozen(true)
                .setFrozen_reason("1 of 3 replica servers alive")
                .setNodes(new ArrayList<>(List.of(new node_load(RpcAddress.parse(NODE).pack(), true, false, 2, 5))))
                .setMoves_under_way(new ArrayList<>(List.of("1.0 to " + NODE))).setNext_steps(new ArrayList<>());
        BalancePlan plan = BalancePlan.from(response);
        assertEquals(MetaLevel.STEADY, plan.level());
        assertEquals(Optional.of("1 of 3 replica servers alive"), plan.frozenReason());
        assertEquals(List.of(new NodeLoad(NODE, true, false, 2, 5)), plan.nodes());
        assertEquals(List.of("1.0 to " + NODE), plan.movesUnderWay());
        assertTrue(plan.nextSteps().isEmpty());

        response.getMoves_under_way().clear();
        assertEquals(1, plan.movesUnderWay().size(), "a plan does not change with the answer it was read from");
        assertThrows(UnsupportedOperationException.class, () -> plan.nodes().clear());

        BalancePlan unset = BalancePlan.from(new balance_plan_response().setLevel(meta_function_level.fl_lively));
        assertTrue(unset.frozenReason().isEmpty() && unset.nodes().isEmpty() && unset.nextSteps().isEmpty());
    }

    @Test
    void decommissionStatusAndSplitStatus() {
        DecommissionStatus drained = DecommissionStatus.from(new decommission_response().setDraining(true)
                .setReplicas_left(0).setPrimaries_left(0).setRemovable(true).setHint_message(NODE + " may be stopped"));
        assertEquals(new DecommissionStatus(true, 0, 0, true, NODE + " may be stopped"), drained);

        SplitStatus idle = SplitStatus.from(new query_split_response().setSplitting(false).setPartition_count(8)
                .setHint_message("table 't' is not splitting; it has 8 partitions"));
        assertFalse(idle.splitting());
        assertEquals(8, idle.partitionCount());
        SplitStatus paused = SplitStatus.from(new query_split_response().setSplitting(true)
                .setTable_status(split_status.SS_PAUSED).setOld_partition_count(4).setPartition_count(6).setRegistered(2)
                .setHint_message("split of 't' to 8 partitions: paused, 2 of 4 children registered"));
        assertTrue(paused.splitting());
        assertEquals(new SplitStatus(Optional.of(SplitState.PAUSED), 6, 4, 2,
                "split of 't' to 8 partitions: paused, 2 of 4 children registered"), paused);
    }

    @Test
    void bulkLoadWithItsPartitions() {
        bulk_load_state state = new bulk_load_state().setLoad_id("1700000000000").setApp_name("users").setRoot("file:///l")
                .setStatus(bulk_load_status.BLS_FAILED).setStart_time_ms(1_700_000_000_000L)
                .setEnd_time_ms(1_700_000_060_000L).setPartition_count(2).setRecord_count(1000).setBytes(4096)
                .setError("partition 1: damaged");
        List<bulk_load_partition_progress> progress = List.of(
                new bulk_load_partition_progress().setIndex(0).setStatus(bulk_load_status.BLS_DOWNLOADED)
                        .setReplicas_downloaded(3).setReplica_count(3).setBytes_done(300).setBytes_total(300),
                new bulk_load_partition_progress().setIndex(1).setStatus(bulk_load_status.BLS_FAILED)
                        .setReplica_count(3).setError("damaged"));
        BulkLoad load = BulkLoad.from(new bulk_load_item(state, new ArrayList<>(progress)));
        assertEquals("1700000000000", load.loadId());
        assertEquals("users", load.table());
        assertEquals(BulkLoadStatus.FAILED, load.status());
        assertEquals(Instant.ofEpochMilli(1_700_000_000_000L), load.startTime());
        assertEquals(Optional.of(Instant.ofEpochMilli(1_700_000_060_000L)), load.endTime());
        assertEquals(1000, load.recordCount());
        assertEquals(Optional.of("partition 1: damaged"), load.error());
        assertEquals(List.of(new BulkLoadPartition(0, BulkLoadStatus.DOWNLOADED, 3, 3, 300, 300, 0, Optional.empty()),
                new BulkLoadPartition(1, BulkLoadStatus.FAILED, 0, 3, 0, 0, 0, Optional.of("damaged"))),
                load.partitions());

        BulkLoad running = BulkLoad.from(new bulk_load_item(state.deepCopy().setStatus(bulk_load_status.BLS_DOWNLOADING)
                .setEnd_time_ms(0).setError(null), null));
        assertTrue(running.endTime().isEmpty() && running.error().isEmpty() && running.partitions().isEmpty());
    }

    @Test
    void backupWithItsPartitions() {
        backup_state state = new backup_state().setBackup_id("1700000000000").setApp_name("orders").setRoot("file:///b")
                .setStatus(backup_status.BS_RUNNING).setStart_time_ms(1_700_000_000_000L).setPartition_count(2)
                .setPolicy_name("daily");
        List<backup_partition_progress> progress = List.of(
                new backup_partition_progress().setIndex(0).setPhase("UPLOADED").setDecree(42).setFiles_done(3)
                        .setFiles_total(3).setBytes_done(900).setBytes_total(900),
                new backup_partition_progress().setIndex(1).setPhase("UPLOADING").setBytes_done(10).setBytes_total(20)
                        .setNode(NODE).setError("timed out"));
        Backup backup = Backup.from(new backup_item(state, new ArrayList<>(progress)));
        assertEquals("1700000000000", backup.backupId());
        assertEquals("orders", backup.table());
        assertEquals("file:///b", backup.root());
        assertEquals(BackupStatus.RUNNING, backup.status());
        assertTrue(backup.endTime().isEmpty(), "a running backup has no end");
        assertEquals(Optional.of("daily"), backup.policy());
        assertTrue(backup.error().isEmpty());
        assertEquals(List.of(new BackupPartition(0, "UPLOADED", 42, 3, 3, 900, 900, Optional.empty(), Optional.empty()),
                new BackupPartition(1, "UPLOADING", 0, 0, 0, 10, 20, Optional.of(NODE), Optional.of("timed out"))),
                backup.partitions());
    }

    @Test
    void backupPolicyGoesToTheWireAndBackUnchanged() {
        List<String> tables = new ArrayList<>(List.of("a", "b"));
        BackupPolicy policy = new BackupPolicy("daily", tables, Duration.ofDays(1), 7, "file:///b",
                Instant.ofEpochMilli(1_700_000_000_000L));
        tables.add("c");
        assertEquals(List.of("a", "b"), policy.tables(), "a policy keeps its own copy of the tables");

        backup_policy wire = policy.wire();
        assertEquals(new backup_policy("daily", List.of("a", "b"), 86_400, 7, "file:///b", 1_700_000_000_000L, false),
                wire);
        assertEquals(policy, BackupPolicy.from(wire.setEnabled(true)));
        assertEquals(List.of(), new BackupPolicy("none", null, Duration.ofSeconds(1), 1, "r", Instant.EPOCH).tables(),
                "a policy without tables is for the meta server to refuse");
    }

    @Test
    void restore() {
        assertEquals(new StartedRestore(7, 4, "restoring"), StartedRestore.from(new start_restore_response()
                .setApp_id(7).setPartition_count(4).setHint_message("restoring")));
        assertEquals(new RestorePartition(0, 1, 3, 10, 30, false, Optional.of("checksum mismatch")),
                RestorePartition.from(new restore_partition_progress().setIndex(0).setReplicas_restored(1)
                        .setReplica_count(3).setBytes_done(10).setBytes_total(30).setError("checksum mismatch")));
    }

    @Test
    void aMissingEnumArgumentIsRefusedBeforeAnythingIsSent() {
        PegasusAdmin admin = new PegasusAdmin(null, null, null);
        assertThrows(IllegalArgumentException.class, () -> admin.setMetaLevel(null));
        assertThrows(IllegalArgumentException.class, () -> admin.decommission(NODE, null));
        assertThrows(IllegalArgumentException.class, () -> admin.controlSplit("t", null));
        assertThrows(IllegalArgumentException.class, () -> admin.controlBulkLoad("t", null));
        assertThrows(IllegalArgumentException.class, () -> admin.addBackupPolicy(null));
    }
}
