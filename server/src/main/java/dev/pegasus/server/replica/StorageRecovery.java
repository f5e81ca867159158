package dev.pegasus.server.replica;

import dev.pegasus.server.replica.core.Role;
import dev.pegasus.server.replica.log.MutationLog;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.server.replica.log.LogRecord;
import dev.pegasus.server.replica.storage.StoreDirectories;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when a replica server whose storage failed (its log's append or a store's write failed: no
 * space, an I/O error) may reopen its log and replicas from disk: once the data disk takes writes
 * again — a probe record written and synced through a fresh log, and the disk not short of space. A failed fsync is never
 * retried: the page cache may have dropped what it held, so only what is on disk counts. Reopenings
 * back off (doubling up to {@link #MAX_BACKOFF}) so that a failure that comes back at once does not
 * make the server drop its roles over and over.
 */
final class StorageRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(StorageRecovery.class);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

    /** A partition no table has: the probe's record belongs to nobody. */
    private static final Gpid PROBE_GPID = new Gpid(0, 0);

    private final Path dataDir;
    private final DiskSpaceWatch disk;
    private final Supplier<Optional<String>> probe;
    private final LongSupplier nanoClock;
    private long backoffNanos = FIRST_BACKOFF.toNanos();
    private long lastReopenNanos;
    private boolean reopened;
    private String waitingFor = "";

    /** @param probe a durable write like the log's; the error if it failed */
    StorageRecovery(Path dataDir, DiskSpaceWatch disk, Supplier<Optional<String>> probe, LongSupplier nanoClock) {
        this.dataDir = dataDir;
        this.disk = disk;
        this.probe = probe;
        this.nanoClock = nanoClock;
    }

    /** What failed, if the log or any replica stopped on a failed write. */
    static Optional<String> failure(MutationLog log, ReplicaRegistry replicas) {
        Optional<String> logFailure = log.failure().map(why -> "the log failed: " + why);
        if (logFailure.isPresent()) {
            return logFailure;
        }
        for (PartitionReplica replica : replicas.all()) {
            if (replica.report().status() == Role.Status.ERROR && !replica.isClosed()) {
                return Optional.of("replica " + replica.gpid() + " failed");
            }
        }
        return Optional.empty();
    }

    /** Whether to reopen now, given what failed: the backoff has passed and the disk takes writes. */
    boolean mayReopen(String failure) {
        long now = nanoClock.getAsLong();
        if (reopened && now - lastReopenNanos < backoffNanos) {
            return false;
        }
        String blocker = disk.reading().low() ? "space to be freed on " + dataDir
                : probe.get().map(error -> "the data disk to take writes again (" + error + ")").orElse("");
        if (!blocker.isEmpty()) {
            if (!blocker.equals(waitingFor)) {
                LOG.warn("{}; the log and replicas reopen once writing works: waiting for {}", failure, blocker);
                waitingFor = blocker;
            }
            return false;
        }
        waitingFor = "";
        return true;
    }

    /** A reopening happened now: the next one waits twice as long, unless the server ran well since. */
    void reopenedNow() {
        long now = nanoClock.getAsLong();
        backoffNanos = reopened && now - lastReopenNanos < 2 * MAX_BACKOFF.toNanos()
                ? Math.min(backoffNanos * 2, MAX_BACKOFF.toNanos()) : FIRST_BACKOFF.toNanos();
        reopened = true;
        lastReopenNanos = now;
    }

    /**
     * Writes one record durably through a fresh log in a directory of its own next to the real one, so the
     * probe takes the log's own path to the disk; the error, if that failed.
     */
    static Optional<String> probeThrough(Function<Path, MutationLog> logOpener, Path probeDir) {
        try {
            StoreDirectories.deleteRecursively(probeDir);
            MutationLog probe = logOpener.apply(probeDir);
            try {
                probe.replay(record -> { });
                probe.append(new LogRecord(PROBE_GPID, 0, 1, 0, new byte[4096]), true).get(30, TimeUnit.SECONDS);
            } finally {
                probe.close();
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of(e instanceof ExecutionException && e.getCause() != null ? e.getCause().toString()
                    : e.toString());
        } finally {
            try {
                StoreDirectories.deleteRecursively(probeDir);
            } catch (IOException e) {
                LOG.debug("cannot delete {}: {}", probeDir, e.toString());
            }
        }
    }
}
