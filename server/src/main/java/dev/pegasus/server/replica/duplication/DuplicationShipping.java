package dev.pegasus.server.replica.duplication;

import dev.pegasus.checkpoint.Bandwidth;
import dev.pegasus.client.DuplicatedWrite;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.thrift.duplication_fail_mode;
import dev.pegasus.protocol.thrift.duplication_report;
import dev.pegasus.protocol.thrift.duplication_status;
import dev.pegasus.protocol.thrift.duplication_task;
import dev.pegasus.server.replica.PartitionReplica;
import dev.pegasus.server.replica.core.LoggedMutation;
import dev.pegasus.server.replica.core.Role;
import dev.pegasus.server.replica.log.MutationLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The duplications of the tables this replica server holds, as its config syncs give them: each of its
 * primaries of a duplicated table ships ({@link PartitionShipper}), resuming after the decree the meta
 * server stored as confirmed; every replica of such a table keeps its log from there on, in case it
 * becomes primary. Progress goes back in the config sync. {@link #round} runs on one thread; the rest
 * may run anywhere (state guarded by this).
 */
public final class DuplicationShipping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DuplicationShipping.class);
    private static final long MAX_BATCH_BYTES = 1 << 20;
    /** How far behind its committed decree a replica keeps its log for a FAIL_SKIP duplication. */
    static final long SKIP_BOUND_DECREES = 1_000_000;

    /** A shipper belongs to one primary replica object: a new primary (or a reopened one) starts anew. */
    private record ShipperKey(int dupid, Gpid gpid) {}

    private record Active(PartitionReplica replica, PartitionShipper shipper) {}

    private final Supplier<Iterable<PartitionReplica>> replicas;
    private final Supplier<MutationLog> log;
    private final ToLongFunction<Gpid> logHistoryStart;
    private final IntSupplier clusterId;
    private final LongSupplier wallClockMillis;
    private final RemoteWrites remotes;
    /** What every primary here ships, together: while it owes, no batch goes. */
    private final Bandwidth bandwidth;
    private Map<Integer, duplication_task> tasks = Map.of();
    /** False until the first sync answer: till then the duplications are unknown, and the log is kept whole. */
    private boolean tasksKnown;
    private final Map<ShipperKey, Active> shippers = new HashMap<>();
    /** The shippers by partition, republished on every change, for the replicas' workers to read without a lock. */
    private volatile Map<Gpid, List<PartitionShipper>> shippersByPartition = Map.of();

    /** @param logHistoryStart the first decree of each replica's own records in the log */
    public DuplicationShipping(Supplier<Iterable<PartitionReplica>> replicas, Supplier<MutationLog> log,
            ToLongFunction<Gpid> logHistoryStart, IntSupplier clusterId, LongSupplier wallClockMillis,
            RemoteWrites remotes, Bandwidth bandwidth) {
        this.remotes = remotes;
        this.bandwidth = bandwidth;
        this.replicas = replicas;
        this.log = log;
        this.logHistoryStart = logHistoryStart;
        this.clusterId = clusterId;
        this.wallClockMillis = wallClockMillis;
    }

    /** The duplications the meta server gave in its last sync answer; any others are over. */
    public synchronized void onTasks(List<duplication_task> given) {
        Map<Integer, duplication_task> byId = new HashMap<>();
        given.forEach(task -> byId.put(task.getDupid(), task));
        tasks = byId;
        tasksKnown = true;
        shippers.keySet().removeIf(key -> !byId.containsKey(key.dupid()));
        publishShippers();
    }

    /**
     * The lowest decree each replica of a duplicated table must keep in the log, where it must keep
     * any: the first one not confirmed yet. Under FAIL_SKIP no more than {@link #SKIP_BOUND_DECREES}
     * below the replica's committed decree are kept; what the log drops past that bound is skipped.
     */
    public synchronized Map<Gpid, Long> keepFrom() {
        Map<Gpid, Long> keep = new HashMap<>();
        for (PartitionReplica replica : replicas.get()) {
            if (!tasksKnown) {
                keep.put(replica.gpid(), 0L);
                continue;
            }
            for (duplication_task task : tasks.values()) {
                OptionalLong confirmed = task.getAppid() == replica.gpid().appId() ? confirmedOf(task, replica)
                        : OptionalLong.empty();
                if (confirmed.isEmpty()) {
                    continue;
                }
                long from = confirmed.getAsLong() + 1;
                if (task.getFail_mode() == duplication_fail_mode.FAIL_SKIP) {
                    from = Math.max(from, replica.report().committed() - SKIP_BOUND_DECREES);
                }
                keep.merge(replica.gpid(), from, Math::min);
            }
        }
        return keep;
    }

    /**
     * One round: each primary of a duplication being shipped steps its shipper; a primary of one whose
     * checkpoints are still being copied (a full duplication) fixes where it will ship from.
     */
    public void round() {
        List<Map.Entry<duplication_task, PartitionReplica>> due = new ArrayList<>();
        List<Map.Entry<duplication_task, PartitionReplica>> copying = new ArrayList<>();
        synchronized (this) {
            // A replica that is no longer primary starts anew if it becomes primary again: from the decree
            // the meta server stored, and past a checkpoint it may have installed meanwhile.
            if (shippers.values().removeIf(active -> !isPrimary(active.replica()))) {
                publishShippers();
            }
            for (PartitionReplica replica : replicas.get()) {
                if (!isPrimary(replica)) {
                    continue;
                }
                for (duplication_task task : tasks.values()) {
                    if (task.getAppid() != replica.gpid().appId()) {
                        continue;
                    }
                    if (task.getStatus() == duplication_status.DS_LOG) {
                        due.add(Map.entry(task, replica));
                    } else if (isCopyingCheckpoint(task.getStatus())) {
                        copying.add(Map.entry(task, replica));
                    }
                }
            }
        }
        long now = wallClockMillis.getAsLong();
        for (Map.Entry<duplication_task, PartitionReplica> entry : copying) {
            shipperFor(entry.getKey(), entry.getValue()).observe(entry.getValue().report().committed(), now);
        }
        for (Map.Entry<duplication_task, PartitionReplica> entry : due) {
            if (bandwidth.owes()) {
                break; // the rest wait for the next round, the first of them first
            }
            try {
                step(entry.getKey(), entry.getValue());
            } catch (RuntimeException e) {
                LOG.warn("duplication {} of {}: {}", entry.getKey().getDupid(), entry.getValue().gpid(), e.toString());
            }
        }
    }

    private static boolean isCopyingCheckpoint(duplication_status status) {
        return status == duplication_status.DS_PREPARE || status == duplication_status.DS_APP;
    }

    private static boolean isPrimary(PartitionReplica replica) {
        PartitionReplica.Report report = replica.report();
        return report != null && report.status() == Role.Status.PRIMARY && !replica.isClosed();
    }

    private void step(duplication_task task, PartitionReplica replica) {
        long committed = replica.report().committed();
        PartitionShipper shipper = shipperFor(task, replica);
        // Opening the remote table may wait on the remote cluster: done holding no lock.
        RemoteWrites.RemoteTable remote = remotes.table(task.getRemote_metas(), task.getRemote_app_name());
        int ownClusterId = clusterId.getAsInt();
        shipper.step(log.get(), committed, wallClockMillis.getAsLong(), ownClusterId,
                task.getFail_mode() == duplication_fail_mode.FAIL_SKIP,
                (writes, shippedAtMicros) -> {
                    bandwidth.take(writes.stream().mapToLong(DuplicationShipping::bytesOf).sum());
                    return remote.apply(writes, ownClusterId, shippedAtMicros);
                });
    }

    /**
     * The replica's shipper, made on its first step. It resumes after the confirmed decree the meta
     * server stored. A partition that has none yet starts where its writes begin to be shipped: in a
     * duplication just added, after the decree it has prepared now (every write prepared later already
     * knows the table is duplicated), reported once that decree is committed, so that each write
     * acknowledged after dup add returns is shipped. A child of a split made under the duplication (its
     * index is past the partition count the duplication began with) starts with a copy of its records,
     * which hold every write to its keys up to the split and after: its parent ships the child's keys
     * up to the split too, from its log, but a parent that loses that log (a new primary that joined
     * from a checkpoint) copies its own records only, the child's being swept from it. Under FAIL_SKIP
     * the child starts after the split's decree instead, leaving those writes to its parent.
     */
    private synchronized PartitionShipper shipperFor(duplication_task task, PartitionReplica replica) {
        ShipperKey key = new ShipperKey(task.getDupid(), replica.gpid());
        Active active = shippers.get(key);
        if (active == null || active.replica() != replica) {
            int index = replica.gpid().partitionIndex();
            Long stored = storedConfirmed(task, index);
            boolean splitChild = task.isSetPartition_count() && index >= task.getPartition_count();
            boolean skipping = task.getFail_mode() == duplication_fail_mode.FAIL_SKIP;
            long start = stored != null ? stored : !splitChild ? replica.report().prepared()
                    : skipping ? firstOwnDecree(replica).orElse(replica.report().committed() + 1) - 1 : 0;
            active = new Active(replica, new PartitionShipper(replica.gpid(), task.getDupid(), start,
                    logHistoryStart.applyAsLong(replica.gpid()), MAX_BATCH_BYTES,
                    PartitionShipper.StateSource.of(replica::store)));
            shippers.put(key, active);
            publishShippers();
            LOG.info("duplication {} of {}: shipping to '{}' after decree {}", task.getDupid(), replica.gpid(),
                    task.getRemote_cluster(), start);
        } else {
            Long stored = storedConfirmed(task, replica.gpid().partitionIndex());
            if (stored != null) {
                active.shipper().confirmedElsewhere(stored);
            }
        }
        return active.shipper();
    }

    private static long bytesOf(DuplicatedWrite write) {
        return write.storageKey().length + (write.isDelete() ? 0 : write.storedValue().length) + Long.BYTES;
    }

    private static Long storedConfirmed(duplication_task task, int partitionIndex) {
        return task.getConfirmed() == null ? null : task.getConfirmed().get(partitionIndex);
    }

    /** The lowest decree of the replica's records in the log: a split child's first is the one after the split. */
    private OptionalLong firstOwnDecree(PartitionReplica replica) {
        return log.get().readFrom(replica.gpid(), 0, 1).lowestDecree();
    }

    /** A replica applied a committed mutation: its shippers take it, to ship it from memory. Any thread. */
    public void onApplied(Gpid gpid, LoggedMutation mutation) {
        List<PartitionShipper> ofPartition = shippersByPartition.get(gpid);
        if (ofPartition != null) {
            ofPartition.forEach(shipper -> shipper.onApplied(mutation));
        }
    }

    private void publishShippers() {
        Map<Gpid, List<PartitionShipper>> byPartition = new HashMap<>();
        shippers.forEach((key, active) -> byPartition.computeIfAbsent(key.gpid(), gpid -> new ArrayList<>())
                .add(active.shipper()));
        shippersByPartition = Map.copyOf(byPartition);
    }

    /** The progress of every shipper of a primary this server still holds. */
    public synchronized List<duplication_report> reports() {
        long now = wallClockMillis.getAsLong();
        List<duplication_report> reports = new ArrayList<>();
        if (shippers.values().removeIf(active -> active.replica().isClosed())) {
            publishShippers();
        }
        shippers.values().stream().filter(active -> active.shipper().started()).forEach(active -> reports.add(
                active.shipper().report(active.replica().report().committed(), now)));
        return reports;
    }

    /** What the replica's shipper confirmed, or the meta server stored; empty before its first primary started. */
    private OptionalLong confirmedOf(duplication_task task, PartitionReplica replica) {
        Active active = shippers.get(new ShipperKey(task.getDupid(), replica.gpid()));
        if (active != null && active.replica() == replica) {
            return OptionalLong.of(active.shipper().confirmed());
        }
        Long stored = storedConfirmed(task, replica.gpid().partitionIndex());
        return stored == null ? OptionalLong.empty() : OptionalLong.of(stored);
    }

    @Override
    public void close() {
        remotes.close();
    }
}
