package dev.pegasus.client;

import java.util.Optional;

/**
 * A replica server known to the meta server.
 *
 * @param address {@code host:port}
 * @param disk    the free space of its data disk as it last reported it; empty before its first report
 */
public record NodeInfo(String address, boolean alive, Optional<DiskSpace> disk) {
    public NodeInfo(String address, boolean alive) {
        this(address, alive, Optional.empty());
    }

    /**
     * The free space of a replica server's data disk.
     *
     * @param low below the server's minimum: it refuses writes and holds no primary until space is freed
     */
    public record DiskSpace(long freeBytes, long totalBytes, boolean low) {}
}
