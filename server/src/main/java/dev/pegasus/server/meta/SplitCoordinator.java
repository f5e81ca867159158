package dev.pegasus.server.meta;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.control_split_request;
import dev.pegasus.protocol.thrift.control_split_response;
import dev.pegasus.protocol.thrift.query_split_request;
import dev.pegasus.protocol.thrift.partition_split_status;
import dev.pegasus.protocol.thrift.query_split_response;
import dev.pegasus.protocol.thrift.split_control;
import dev.pegasus.protocol.thrift.split_state;
import dev.pegasus.protocol.thrift.split_status;
import dev.pegasus.protocol.thrift.split_task;
import dev.pegasus.protocol.thrift.start_split_request;
import dev.pegasus.protocol.thrift.start_split_response;
import dev.pegasus.server.meta.core.ChildRegistration;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online partition splits (N to 2N), with their state in ZooKeeper. Starting one makes the children
 * N..2N-1 exist unregistered; clients keep sending their keys to the parents. Each parent's primary is
 * asked (with its config syncs) to split: at one decree of its log every replica copies its store into
 * the child's directory and from then on serves only its own half. Once the parent's members report
 * the copy (or after {@link #COPY_WAIT} with those that do), the child is registered with those members
 * and the same primary; it serves at the split's decree. When every child is registered the split ends.
 *
 * <p>Pause stops asking parents that have not split yet; children already copied are still registered,
 * since their parents refuse the child's keys until then. Cancel is possible while no parent has split:
 * the table goes back to N partitions; a parent that splits meanwhile makes the split go on instead.
 * Changes run on the DDL thread, serialized on this object; {@link #tasksFor} (config syncs) and
 * {@link #status} read the split states published after each stored change, without a lock.
 */
final class SplitCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(SplitCoordinator.class);
    /** How long a registration waits for every member of the parent to report its copy. */
    static final Duration COPY_WAIT = Duration.ofSeconds(10);
    /** How long a cancel waits for any split already placed by a parent to show up. */
    static final Duration CANCEL_GRACE = Duration.ofSeconds(5);
    private static final int MAX_PARTITIONS = 4096;

    private final MetaStateStore store;
    private final TableManager tables;
    private final NodeRegistry nodes;
    private final BulkLoadCoordinator bulkLoads;
    private final BackupCoordinator backups;
    private final LongSupplier nanoClock;
    private final LongSupplier wallClockMillis;
    /** The splits under way by app id, as stored; replaced whole, never changed in place. */
    private volatile Map<Integer, split_state> splits = Map.of();
    /** When each child's copy was first reported by its parent's primary. */
    private final Map<Gpid, Long> copySeenAt = new HashMap<>();
    private final Map<Integer, Long> canceledAt = new HashMap<>();

    SplitCoordinator(MetaStateStore store, TableManager tables, NodeRegistry nodes, BulkLoadCoordinator bulkLoads,
            BackupCoordinator backups, LongSupplier nanoClock, LongSupplier wallClockMillis) {
        this.store = store;
        this.tables = tables;
        this.nodes = nodes;
        this.bulkLoads = bulkLoads;
        this.backups = backups;
        this.nanoClock = nanoClock;
        this.wallClockMillis = wallClockMillis;
    }

    synchronized void load() throws Exception {
        copySeenAt.clear();
        canceledAt.clear();
        Map<Integer, split_state> loaded = new TreeMap<>();
        store.loadSplits().forEach(state -> loaded.put(state.getApp_id(), state));
        splits = Collections.unmodifiableMap(loaded);
    }

    synchronized start_split_response start(start_split_request request) throws Exception {
        start_split_response response = new start_split_response();
        String name = request.getApp_name();
        Optional<StoredTable> table = tables.availableTable(name);
        if (table.isEmpty()) {
            return Refusals.refuse(response, ErrorCode.ERR_APP_NOT_EXIST, "table '" + name + "' does not exist");
        }
        int appId = table.get().appId();
        int count = table.get().partitions().size();
        if (request.isSetNew_partition_count() && request.getNew_partition_count() != count * 2) {
            return Refusals.refuse(response, ErrorCode.ERR_INVALID_PARAMETERS, "a split doubles the partition count"
                    + " of '" + name + "' to " + count * 2 + ", not " + request.getNew_partition_count());
        }
        String busy = splits.containsKey(appId) ? "is splitting already"
                : count * 2 > MAX_PARTITIONS ? "would have more than " + MAX_PARTITIONS + " partitions"
                : bulkLoads.activeLoadOf(name).isPresent() ? "is being bulk loaded; split it once the load has ended"
                : backups.runningBackupOf(appId).isPresent() ? "is being backed up; split it once the backup has ended"
                : null;
        if (busy != null) {
            return Refusals.refuse(response, ErrorCode.ERR_BUSY, "table '" + name + "' " + busy);
        }
        split_state state = new split_state().setApp_id(appId).setOld_partition_count(count)
                .setStatus(split_status.SS_SPLITTING).setRegistered(new ArrayList<>())
                .setStart_ms(wallClockMillis.getAsLong());
        tables.startSplit(appId, state);
        keep(state);
        return response.setErr(ErrorCode.ERR_OK.name()).setNew_partition_count(count * 2)
                .setHint_message("table '" + name + "' splits from " + count + " to " + count * 2 + " partitions");
    }

    synchronized control_split_response control(control_split_request request) throws Exception {
        control_split_response response = new control_split_response();
        Optional<StoredTable> table = tables.availableTable(request.getApp_name());
        split_state state = table.map(t -> splits.get(t.appId())).orElse(null);
        if (state == null) {
            return Refusals.refuse(response, ErrorCode.ERR_INVALID_STATE, "table '" + request.getApp_name()
                    + "' is not splitting");
        }
        split_control control = request.getControl();
        split_status next = control == null ? null : switch (control) {
            case SC_PAUSE -> split_status.SS_PAUSED;
            case SC_RESUME -> split_status.SS_SPLITTING;
            case SC_CANCEL -> split_status.SS_CANCELING;
        };
        if (next == null) {
            return Refusals.refuse(response, ErrorCode.ERR_INVALID_PARAMETERS, "a split is paused, resumed or canceled");
        }
        if (next == split_status.SS_CANCELING && anyParentSplit(state)) {
            return Refusals.refuse(response, ErrorCode.ERR_INVALID_STATE, "parents of '" + request.getApp_name()
                    + "' have split already; the split can only be paused or resumed now");
        }
        split_state changed = state.deepCopy().setStatus(next);
        tables.saveSplit(changed);
        keep(changed);
        if (next == split_status.SS_CANCELING) {
            canceledAt.put(state.getApp_id(), nanoClock.getAsLong());
        }
        LOG.info("split of table '{}' {}", request.getApp_name(), next);
        return response.setErr(ErrorCode.ERR_OK.name()).setHint_message("split of '" + request.getApp_name() + "': "
                + next.name().substring("SS_".length()).toLowerCase());
    }

    query_split_response status(query_split_request request) {
        query_split_response response = new query_split_response();
        Optional<StoredTable> table = tables.availableTable(request.getApp_name());
        if (table.isEmpty()) {
            return Refusals.refuse(response, ErrorCode.ERR_APP_NOT_EXIST, "table '" + request.getApp_name()
                    + "' does not exist");
        }
        split_state state = splits.get(table.get().appId());
        response.setErr(ErrorCode.ERR_OK.name()).setSplitting(state != null)
                .setPartition_count(table.get().partitions().size());
        if (state == null) {
            return response.setHint_message("table '" + request.getApp_name() + "' is not splitting; it has "
                    + table.get().partitions().size() + " partitions");
        }
        int registered = state.getRegistered().size();
        partition_split_status unregistered = switch (state.getStatus()) {
            case SS_PAUSED -> partition_split_status.PAUSED;
            case SS_CANCELING -> partition_split_status.CANCELING;
            default -> partition_split_status.SPLITTING;
        };
        Map<Integer, partition_split_status> parents = new HashMap<>();
        for (int parent = 0; parent < state.getOld_partition_count(); parent++) {
            if (!state.getRegistered().contains(parent)) {
                parents.put(parent, unregistered);
            }
        }
        return response.setTable_status(state.getStatus()).setOld_partition_count(state.getOld_partition_count())
                .setNew_partition_count(state.getOld_partition_count() * 2).setStatus(parents)
                .setRegistered(registered).setHint_message("split of '" + request.getApp_name() + "' to "
                        + state.getOld_partition_count() * 2 + " partitions: "
                        + state.getStatus().name().substring("SS_".length()).toLowerCase() + ", " + registered + " of "
                        + state.getOld_partition_count() + " children registered");
    }

    /** The parents this node is the primary of that are to split now. */
    List<split_task> tasksFor(RpcAddress node) {
        List<split_task> tasks = new ArrayList<>();
        for (split_state state : splits.values()) {
            if (state.getStatus() != split_status.SS_SPLITTING) {
                continue;
            }
            int oldCount = state.getOld_partition_count();
            for (int parent = 0; parent < oldCount; parent++) {
                Gpid gpid = new Gpid(state.getApp_id(), parent);
                boolean primaryHere = tables.availablePartition(gpid).map(p -> p.config().isPrimary(node)).orElse(false);
                if (primaryHere && !state.getRegistered().contains(parent)) {
                    tasks.add(new split_task(gpid.pack(), oldCount * 2));
                }
            }
        }
        return tasks;
    }

    /** One round: registers children whose copies are in place, ends finished splits, completes cancels. */
    synchronized void advance() throws Exception {
        for (split_state state : splits.values()) {
            if (state.getStatus() == split_status.SS_CANCELING) {
                finishCancel(state);
                continue;
            }
            split_state current = state;
            for (int parent = 0; parent < state.getOld_partition_count(); parent++) {
                if (!current.getRegistered().contains(parent)) {
                    current = registerIfCopied(current, parent);
                }
            }
            if (current.getRegistered().size() == current.getOld_partition_count()) {
                tables.endSplit(current.getApp_id());
                forget(current.getApp_id());
            }
        }
    }

    /** Publishes the stored state of a split. */
    private void keep(split_state state) {
        Map<Integer, split_state> changed = new TreeMap<>(splits);
        changed.put(state.getApp_id(), state);
        splits = Collections.unmodifiableMap(changed);
    }

    /** Publishes that the table's split has ended or was canceled. */
    private void forget(int appId) {
        Map<Integer, split_state> changed = new TreeMap<>(splits);
        changed.remove(appId);
        splits = Collections.unmodifiableMap(changed);
    }

    private split_state registerIfCopied(split_state state, int parentIndex) throws Exception {
        Gpid parent = new Gpid(state.getApp_id(), parentIndex);
        Gpid child = new Gpid(state.getApp_id(), parentIndex + state.getOld_partition_count());
        Optional<TablePartition> partition = tables.availablePartition(parent);
        if (partition.isEmpty()) {
            return state;
        }
        PartitionConfig config = partition.get().config();
        if (!ChildRegistration.copyStarted(config, node -> hasCopy(node, child))) {
            return state;
        }
        long now = nanoClock.getAsLong();
        long seen = copySeenAt.computeIfAbsent(child, c -> now);
        Optional<PartitionConfig> childConfig = ChildRegistration.decide(config, node -> hasCopy(node, child),
                now - seen >= COPY_WAIT.toNanos());
        if (childConfig.isEmpty()) {
            return state;
        }
        split_state registered = state.deepCopy();
        registered.getRegistered().add(parentIndex);
        tables.registerChild(child, childConfig.get(), registered);
        keep(registered);
        copySeenAt.remove(child);
        return registered;
    }

    private boolean hasCopy(RpcAddress node, Gpid child) {
        return nodes.reported(node, child).isPresent();
    }

    private boolean anyParentSplit(split_state state) {
        if (!state.getRegistered().isEmpty()) {
            return true;
        }
        for (int parent = 0; parent < state.getOld_partition_count(); parent++) {
            Gpid child = new Gpid(state.getApp_id(), parent + state.getOld_partition_count());
            for (RpcAddress node : nodes.alive()) {
                if (hasCopy(node, child)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** After the grace period the table goes back to N partitions, unless a parent split meanwhile. */
    private void finishCancel(split_state state) throws Exception {
        if (anyParentSplit(state)) {
            LOG.warn("table {}: a parent split before the cancel took effect; the split goes on", state.getApp_id());
            split_state resumed = state.deepCopy().setStatus(split_status.SS_SPLITTING);
            tables.saveSplit(resumed);
            keep(resumed);
            return;
        }
        long since = canceledAt.computeIfAbsent(state.getApp_id(), id -> nanoClock.getAsLong());
        if (nanoClock.getAsLong() - since >= CANCEL_GRACE.toNanos()) {
            tables.cancelSplit(state.getApp_id(), state.getOld_partition_count());
            forget(state.getApp_id());
            canceledAt.remove(state.getApp_id());
        }
    }
}
