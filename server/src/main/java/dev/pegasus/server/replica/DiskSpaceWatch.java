package dev.pegasus.server.replica;

import dev.pegasus.protocol.thrift.disk_space;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the free space of a replica server's data directory (its stores and its log): the server
 * refuses client writes while it is short of space, and tells the meta server with every sync, so
 * that the disk never fills under the log and no partition loses its reads. Checked on a timer;
 * writes read the last reading without touching the disk.
 */
public final class DiskSpaceWatch {
    private static final Logger LOG = LoggerFactory.getLogger(DiskSpaceWatch.class);

    /** One check's result. */
    public record Reading(Path path, long freeBytes, long totalBytes, long minimumFree, DiskSpaceOptions.Level level) {
        public boolean low() {
            return level == DiskSpaceOptions.Level.BELOW_MINIMUM;
        }

        String describe() {
            return megabytes(freeBytes) + " free of " + megabytes(totalBytes) + " on " + path + " (minimum "
                    + megabytes(minimumFree) + ")";
        }
    }

    private final Path dir;
    private final DiskSpaceOptions options;
    private final String server;
    private volatile Reading reading;

    public DiskSpaceWatch(Path dir, DiskSpaceOptions options, String server) {
        this.dir = dir;
        this.options = options;
        this.server = server;
        this.reading = new Reading(dir, Long.MAX_VALUE, Long.MAX_VALUE, 0, DiskSpaceOptions.Level.PLENTY);
    }

    /** Reads the free space now; logs when the disk nears or passes its minimum, and when it recovers. */
    public Reading check() {
        Reading next;
        try {
            FileStore store = Files.getFileStore(dir);
            long total = store.getTotalSpace();
            long free = store.getUsableSpace();
            next = new Reading(dir, free, total, options.minimumFree(total), options.levelOf(free, total));
        } catch (IOException e) {
            LOG.warn("cannot read the free space of {}: {}; keeping the last reading", dir, e.toString());
            return reading;
        }
        Reading previous = reading;
        reading = next;
        if (next.level() != previous.level()) {
            switch (next.level()) {
                case BELOW_MINIMUM -> LOG.error("data disk short of space: {}; client writes are refused until"
                        + " space is freed, reads are served", next.describe());
                case NEARING_MINIMUM -> LOG.warn("data disk nearing its minimum free space: {}", next.describe());
                case PLENTY -> LOG.info("data disk has room again: {}", next.describe());
            }
        }
        return next;
    }

    public Reading reading() {
        return reading;
    }

    /** Why client writes are refused now, or empty when they are taken. */
    public Optional<String> writeRefusal() {
        Reading now = reading;
        return now.low() ? Optional.of("replica server " + server + " is short of disk space: " + now.describe()
                + "; writes are refused until space is freed, reads are served") : Optional.empty();
    }

    /** The last reading, for the meta server. */
    public disk_space report() {
        Reading now = reading;
        return new disk_space(now.freeBytes(), now.totalBytes(), now.low(), now.path().toString());
    }

    private static String megabytes(long bytes) {
        return bytes == Long.MAX_VALUE ? "unknown" : String.format("%.1f MB", bytes / 1048576.0);
    }
}
