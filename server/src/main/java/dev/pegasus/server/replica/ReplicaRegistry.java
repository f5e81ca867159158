package dev.pegasus.server.replica;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.thrift.app_info;
import dev.pegasus.protocol.thrift.partition_status;
import dev.pegasus.protocol.thrift.replica_assignment;
import dev.pegasus.protocol.thrift.replica_report;
import dev.pegasus.server.replica.storage.PartitionStore;
import dev.pegasus.server.replica.storage.ScannerRegistry;
import dev.pegasus.server.replica.storage.StorageClock;
import dev.pegasus.server.replica.storage.StorageEnvironment;
import dev.pegasus.server.replica.storage.StorageLimits;
import dev.pegasus.server.replica.storage.WriteExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicas this server holds: open ones (served) and closed ones whose data is kept on disk
 * under {@code <data>/replicas/<app_id>.<partition_index>}. {@link #reconcile} makes the open set
 * match what the meta server assigns. Reconciliation runs on one thread; lookups from any thread.
 */
final class ReplicaRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaRegistry.class);

    private final Path root;
    private final StorageEnvironment environment;
    private final PartitionWorkers workers;
    private final ReplicaOptions options;
    private final Map<Gpid, Replica> open = new ConcurrentHashMap<>();

    ReplicaRegistry(Path dataDir, StorageEnvironment environment, PartitionWorkers workers, ReplicaOptions options)
            throws IOException {
        this.root = dataDir.resolve("replicas");
        Files.createDirectories(root);
        this.environment = environment;
        this.workers = workers;
        this.options = options;
    }

    Optional<Replica> get(Gpid gpid) {
        return Optional.ofNullable(open.get(gpid));
    }

    Iterable<Replica> openReplicas() {
        return List.copyOf(open.values());
    }

    /** Opens newly assigned replicas, closes unassigned ones, and deletes garbage the meta named. */
    void reconcile(List<replica_assignment> assignments, List<Long> garbage) {
        Map<Gpid, app_info> assigned = new HashMap<>();
        for (replica_assignment assignment : assignments) {
            assigned.put(Gpid.unpack(assignment.getConfig().getPid()), assignment.getInfo());
        }
        for (Gpid gpid : List.copyOf(open.keySet())) {
            if (!assigned.containsKey(gpid)) {
                Replica replica = open.remove(gpid);
                workers.submit(gpid, commit -> replica.close());
                LOG.info("replica {} is no longer assigned here; closed, data kept", gpid);
            }
        }
        assigned.forEach((gpid, info) -> {
            Replica replica = open.get(gpid);
            if (replica == null) {
                openReplica(gpid, info);
            } else {
                workers.submit(gpid, commit -> replica.applyEnvs(info));
            }
        });
        for (long packed : garbage) {
            Gpid gpid = Gpid.unpack(packed);
            if (!open.containsKey(gpid) && !assigned.containsKey(gpid)) {
                deleteData(gpid);
            }
        }
    }

    private void openReplica(Gpid gpid, app_info info) {
        try {
            StorageClock clock = StorageClock.SYSTEM;
            PartitionStore store = PartitionStore.open(dirOf(gpid), environment, false, clock);
            WriteExecutor executor = new WriteExecutor(store, clock,
                    new StorageLimits(options.maxValueBytes(), options.maxRequestBytes()), 0);
            open.put(gpid, new Replica(gpid, info, store, executor, new ScannerRegistry(),
                    options.durableWrites()));
            LOG.info("replica {} of table '{}' opened at decree {}", gpid, info.getApp_name(), store.lastAppliedDecree());
        } catch (RuntimeException e) {
            LOG.error("replica {} could not be opened", gpid, e);
        }
    }

    private void deleteData(Gpid gpid) {
        Path dir = dirOf(gpid);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
            LOG.info("deleted the data of replica {}: its table is gone", gpid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /** Open replicas as primaries with their decrees, then replicas only kept on disk as inactive. */
    List<replica_report> reports() {
        List<replica_report> reports = new ArrayList<>();
        Set<Gpid> onDisk = storedReplicas();
        for (Replica replica : open.values()) {
            reports.add(new replica_report(replica.gpid().pack(), 1, partition_status.PS_PRIMARY,
                    replica.lastCommittedDecree()));
            onDisk.remove(replica.gpid());
        }
        for (Gpid gpid : onDisk) {
            reports.add(new replica_report(gpid.pack(), 0, partition_status.PS_INACTIVE, 0));
        }
        return reports;
    }

    private Set<Gpid> storedReplicas() {
        Set<Gpid> stored = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.map(dir -> dir.getFileName().toString()).filter(name -> name.matches("\\d+\\.\\d+")).forEach(name -> {
                String[] parts = name.split("\\.");
                stored.add(new Gpid(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
            });
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", root, e.toString());
        }
        return stored;
    }

    private Path dirOf(Gpid gpid) {
        return root.resolve(gpid.appId() + "." + gpid.partitionIndex());
    }

    @Override
    public void close() {
        for (Replica replica : open.values()) {
            replica.close();
        }
        open.clear();
    }
}
