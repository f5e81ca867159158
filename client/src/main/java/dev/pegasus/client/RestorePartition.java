package dev.pegasus.client;

import dev.pegasus.protocol.thrift.restore_partition_progress;
import java.util.Optional;

/**
 * How far one partition of a table created by {@link PegasusAdmin#startRestore} has fetched its data.
 *
 * @param replicasRestored replicas done fetching their data, of {@code replicaCount}
 * @param bytesDone bytes fetched, summed over the partition's replicas (so is {@code bytesTotal})
 * @param served whether its primary serves requests: the partition is restored
 * @param error why fetching failed, such as a file that fails its checksum; such a partition does not serve
 */
public record RestorePartition(int index, int replicasRestored, int replicaCount, long bytesDone, long bytesTotal,
        boolean served, Optional<String> error) {
    static RestorePartition from(restore_partition_progress progress) {
        return new RestorePartition(progress.getIndex(), progress.getReplicas_restored(), progress.getReplica_count(),
                progress.getBytes_done(), progress.getBytes_total(), progress.isServed(),
                Optional.ofNullable(progress.getError()));
    }
}
