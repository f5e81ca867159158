package dev.pegasus.server.replica;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.thrift.partition_status;
import dev.pegasus.protocol.thrift.replica_report;
import dev.pegasus.server.replica.log.MutationLog;
import dev.pegasus.server.replica.core.CoreOptions;
import dev.pegasus.server.replica.core.LoggedMutation;
import dev.pegasus.server.replica.core.ReplicaCore;
import dev.pegasus.server.replica.core.ReplicaMessage;
import dev.pegasus.server.replica.log.ReplayReport;
import dev.pegasus.server.wire.MutationCodec;
import dev.pegasus.server.replica.storage.PartitionStore;
import dev.pegasus.server.replica.storage.ScannerRegistry;
import dev.pegasus.server.replica.storage.StorageEnvironment;
import dev.pegasus.server.replica.storage.StorageLimits;
import dev.pegasus.server.replica.storage.StoreDirectories;
import dev.pegasus.server.replica.storage.WriteExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicas this server holds, each with its store under {@code <data>/replicas/<app_id>.<index>}.
 * A replica is opened when the server starts (its data is on disk), when the meta server names
 * the server in a configuration, or when a primary invites the server to learn. Thread-safe.
 */
public final class ReplicaRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaRegistry.class);

    private final Path root;
    private final StorageEnvironment environment;
    private final ReplicaOptions options;
    private final CoreOptions coreOptions;
    private final ReplicaServices services;
    private final Map<Gpid, PartitionReplica> open = new ConcurrentHashMap<>();
    private final Set<Gpid> forgotten = ConcurrentHashMap.newKeySet();
    /** Per replica, the lowest decree the log must keep beyond what its store made durable (duplication). */
    private volatile Supplier<Map<Gpid, Long>> keptInLog = Map::of;
    /** Tables duplicated to or from other clusters: their deletes leave tombstones. */
    private volatile Set<Integer> duplicatedTables = Set.of();
    /** 0 until the meta server's first answer, before which nothing is written. */
    private volatile int clusterId;

    public ReplicaRegistry(Path dataDir, StorageEnvironment environment, ReplicaOptions options, CoreOptions coreOptions,
            ReplicaServices services) throws IOException {
        this.root = dataDir.resolve("replicas");
        Files.createDirectories(root);
        this.environment = environment;
        this.options = options;
        this.coreOptions = coreOptions;
        this.services = services;
    }

    public Optional<PartitionReplica> get(Gpid gpid) {
        return Optional.ofNullable(open.get(gpid));
    }

    /** The replica of a partition, opened (created empty if new) when this server holds none yet. */
    public synchronized PartitionReplica getOrOpen(Gpid gpid) {
        PartitionReplica replica = open.get(gpid);
        if (replica == null) {
            replica = openReplica(gpid);
            open.put(gpid, replica);
            forgotten.remove(gpid);
        }
        return replica;
    }

    public Iterable<PartitionReplica> all() {
        return List.copyOf(open.values());
    }

    /**
     * At start-up: replays the log and opens every replica on disk (those without log records too, such
     * as a split's children), each with its log records replayed over its store.
     */
    public ReplayReport openStored(MutationLog log) {
        Map<Gpid, List<LoggedMutation>> logged = new HashMap<>();
        ReplayReport report = log.replay(record -> logged.computeIfAbsent(record.gpid(), g -> new ArrayList<>())
                .add(MutationCodec.fromPayload(record.payload())));
        for (Gpid gpid : storedReplicas()) {
            PartitionReplica replica = getOrOpen(gpid);
            List<LoggedMutation> records = logged.getOrDefault(gpid, List.of());
            services.workers().call(gpid, () -> {
                records.forEach(replica::replay);
                replica.finishReplay();
                return null;
            }).join();
            LOG.info("replica {} opened: store at decree {}, {} log records replayed, committed {}", gpid,
                    replica.store().lastAppliedDecree(), records.size(), replica.report().committed());
        }
        return report;
    }

    /**
     * The replica a protocol message is for: an invitation to learn opens it; any other message for a
     * replica this server does not hold is dropped (the protocol resends what matters).
     */
    public Optional<PartitionReplica> forMessage(ReplicaMessage message) {
        return message instanceof ReplicaMessage.AddLearner ? Optional.of(getOrOpen(message.gpid()))
                : get(message.gpid());
    }

    /** Lets every replica's state machine see time pass (retries, timeouts), each in its partition's order. */
    public void tick() {
        for (PartitionReplica replica : all()) {
            services.workers().submit(replica.gpid(), () -> {
                if (!replica.isClosed()) {
                    replica.tick();
                }
            });
        }
    }

    /**
     * Flushes every replica's store (in its partition's order, so the decree is exact) and deletes the
     * log segments all of whose records are now durable in the stores.
     *
     * @return how many segments were deleted; none when a flush failed
     */
    public int flushAndCollectLogGarbage(MutationLog log) {
        Map<PartitionReplica, Long> durable = new HashMap<>();
        for (PartitionReplica replica : all()) {
            try {
                Long decree = services.workers().call(replica.gpid(), () -> replica.isClosed() ? null
                        : replica.store().flush()).get(60, TimeUnit.SECONDS);
                if (decree != null) {
                    durable.put(replica, decree);
                }
            } catch (Exception e) {
                LOG.warn("replica {}: flush for log garbage collection failed: {}", replica.gpid(), e.toString());
                return 0;
            }
        }
        return collectLogGarbage(log, durable);
    }

    /** The tables (app ids) with a duplication, as the meta server last said. */
    public void setDuplicatedTables(Set<Integer> appIds) {
        duplicatedTables = Set.copyOf(appIds);
    }

    /** Where the log must keep records the stores no longer need: the lowest decree to keep, per replica. */
    public void keepInLog(Supplier<Map<Gpid, Long>> keep) {
        keptInLog = keep;
    }

    /** The cluster's id, as the meta server says it: stamped into the timetag of every write from now on. */
    public void setClusterId(int id) {
        clusterId = id;
    }

    public int clusterId() {
        return clusterId;
    }

    private PartitionReplica openReplica(Gpid gpid) {
        PartitionStore store = openStore(gpid);
        ReplicaCore core = new ReplicaCore(gpid, services.self(), services.life(), store.lastAppliedDecree(),
                coreOptions);
        return new PartitionReplica(gpid, store, executorFor(gpid, store), new ScannerRegistry(), core, services);
    }

    /** RocksDB without its own log: what is applied but not flushed is replayed from the replication log. */
    private PartitionStore openStore(Gpid gpid) {
        return PartitionStore.openWithoutWal(dirOf(gpid), environment, services.storageClock());
    }

    private WriteExecutor executorFor(Gpid gpid, PartitionStore store) {
        return new WriteExecutor(store, services.storageClock(),
                new StorageLimits(options.maxValueBytes(), options.maxRequestBytes()), () -> clusterId,
                () -> duplicatedTables.contains(gpid.appId()));
    }

    /**
     * Installs a checkpoint a primary shipped, if the replica is a learner waiting for one: closes
     * its store, swaps the directories, opens the new store. Runs on the replica's worker.
     */
    public boolean installCheckpoint(Gpid gpid, long decree, Path staged) {
        PartitionReplica replica = open.get(gpid);
        if (replica == null || replica.isClosed() || !replica.acceptsCheckpoint()) {
            return false;
        }
        replica.store().close();
        boolean replaced;
        try {
            StoreDirectories.replace(staged, dirOf(gpid));
            replaced = true;
        } catch (IOException e) {
            LOG.error("replica {}: the checkpoint at decree {} could not be put in place", gpid, decree, e);
            replaced = false;
        }
        PartitionStore reopened = openStore(gpid);
        if (replaced) {
            LogHistory.startsAfter(dirOf(gpid), reopened.lastAppliedDecree());
            replica.onCheckpointInstalled(reopened.lastAppliedDecree(), reopened, executorFor(gpid, reopened));
            LOG.info("replica {} installed a checkpoint at decree {}", gpid, decree);
        } else {
            replica.replaceStore(reopened, executorFor(gpid, reopened));
        }
        return replaced;
    }

    /** Whether this server has a store directory for the partition (open or not). */
    boolean hasData(Gpid gpid) {
        return Files.exists(dirOf(gpid));
    }

    /**
     * Puts a store fetched from a backup in place as the replica's directory, unless the replica was
     * opened (or given data) meanwhile, e.g. as a learner: that data wins and the fetched copy is not used.
     *
     * @param staged a complete, fsynced store directory; moved when installed
     * @return whether it was installed
     */
    synchronized boolean installRestored(Gpid gpid, Path staged) throws IOException {
        if (open.containsKey(gpid) || hasData(gpid)) {
            return false;
        }
        StoreDirectories.replace(staged, dirOf(gpid));
        LOG.info("replica {}: store restored from a backup", gpid);
        return true;
    }

    /**
     * Deletes the log segments whose records are all durable in the stores or belong to deleted
     * replicas. Only the flushes of replicas still open as the same instance count: one deleted and opened
     * again since its flush logs new records that must stay.
     *
     * @param durable the decree each replica's store has flushed
     */
    synchronized int collectLogGarbage(MutationLog log, Map<PartitionReplica, Long> durable) {
        Map<Gpid, Long> decrees = new HashMap<>();
        Map<Gpid, Long> kept = keptInLog.get();
        durable.forEach((replica, decree) -> {
            if (open.get(replica.gpid()) == replica) {
                decrees.put(replica.gpid(), Math.min(decree, kept.getOrDefault(replica.gpid(), Long.MAX_VALUE) - 1));
            }
        });
        return log.collectGarbage(decrees, Set.copyOf(forgotten));
    }

    /** Reports for the meta server: every open replica with its role, ballot and committed decree. */
    public List<replica_report> reports() {
        List<replica_report> reports = new ArrayList<>();
        for (PartitionReplica replica : open.values()) {
            PartitionReplica.Report report = replica.report();
            reports.add(new replica_report(replica.gpid().pack(), report.ballot(),
                    partition_status.valueOf("PS_" + statusName(report.status())), report.committed())
                    .setLast_prepared_decree(report.prepared()).setLagging(report.lagging()));
        }
        return reports;
    }

    private static String statusName(dev.pegasus.server.replica.core.Role.Status status) {
        return switch (status) {
            case LEARNER -> "POTENTIAL_SECONDARY";
            default -> status.name();
        };
    }

    /**
     * Closes and deletes the replicas the meta server named as moved away, unless one took a role again
     * meanwhile (e.g. it was invited to learn): only an inactive or failed replica is deleted, decided on
     * its worker so no message changes its role in between.
     */
    public synchronized void deleteMovedAway(List<Long> movedAway) {
        movedAway.forEach(packed -> delete(Gpid.unpack(packed), PartitionReplica::isIdle,
                "its copies live on other replica servers"));
    }

    /** Closes and deletes replicas of tables that are gone for good. */
    public synchronized void deleteGarbage(List<Long> garbage) {
        garbage.forEach(packed -> delete(Gpid.unpack(packed), replica -> true, "its table is gone"));
    }

    /**
     * Closes the replica if it is open and {@code deletable} says so on its worker (so no message changes
     * it in between), then deletes its data; its log records are no longer needed.
     */
    private void delete(Gpid gpid, Predicate<PartitionReplica> deletable, String why) {
        PartitionReplica replica = open.get(gpid);
        if (replica != null) {
            boolean closed = services.workers().call(gpid, () -> {
                if (!deletable.test(replica)) {
                    return false;
                }
                replica.close();
                return true;
            }).join();
            if (!closed) {
                return;
            }
            open.remove(gpid);
        }
        deleteData(gpid, why);
        forgotten.add(gpid);
    }

    private void deleteData(Gpid gpid, String why) {
        Path dir = dirOf(gpid);
        try {
            StoreDirectories.deleteRecursively(dir);
            StoreDirectories.deleteRecursively(dir.resolveSibling(dir.getFileName() + ".new"));
            StoreDirectories.deleteRecursively(dir.resolveSibling(dir.getFileName() + ".old"));
            LogHistory.forget(dir);
            LOG.info("deleted the data of replica {}: {}", gpid, why);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private TreeSet<Gpid> storedReplicas() {
        TreeSet<Gpid> stored = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.map(dir -> dir.getFileName().toString().replaceFirst("\\.(new|old)$", ""))
                    .filter(name -> name.matches("\\d+\\.\\d+")).forEach(name -> {
                String[] parts = name.split("\\.");
                stored.add(new Gpid(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        return stored;
    }

    /**
     * The first decree of the replica's own records in the log (see {@link LogHistory}); reading back
     * below it finds only an earlier replica's records.
     */
    public long logHistoryStart(Gpid gpid) {
        return LogHistory.firstDecree(dirOf(gpid));
    }

    public Path dirOf(Gpid gpid) {
        return root.resolve(gpid.appId() + "." + gpid.partitionIndex());
    }

    /**
     * Closes every replica, each on its worker so that nothing runs on it meanwhile, and forgets them;
     * their data stays on disk for {@link #openStored} to open again.
     */
    public synchronized void closeAll() throws Exception {
        for (PartitionReplica replica : all()) {
            services.workers().call(replica.gpid(), () -> {
                replica.close();
                return null;
            }).get(60, TimeUnit.SECONDS);
            open.remove(replica.gpid());
        }
    }

    @Override
    public void close() {
        for (PartitionReplica replica : open.values()) {
            replica.close();
        }
        open.clear();
    }
}
