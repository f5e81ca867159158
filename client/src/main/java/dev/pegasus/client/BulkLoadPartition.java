package dev.pegasus.client;

import dev.pegasus.protocol.thrift.bulk_load_partition_progress;
import java.util.Optional;

/**
 * One partition of a bulk load, as the meta server last heard of it from the partition's replicas.
 *
 * @param replicasDownloaded replicas holding the partition's files, checked, of {@code replicaCount}: the
 *                           load ingests only once every replica of every partition holds them
 * @param bytesDone bytes downloaded, summed over the partition's replicas (so is {@code bytesTotal})
 * @param ingestDecree the decree at which every replica ingested the files; 0 until then
 * @param error why the last attempt failed, if one did
 */
public record BulkLoadPartition(int index, BulkLoadStatus status, int replicasDownloaded, int replicaCount,
        long bytesDone, long bytesTotal, long ingestDecree, Optional<String> error) {
    static BulkLoadPartition from(bulk_load_partition_progress progress) {
        return new BulkLoadPartition(progress.getIndex(), BulkLoadStatus.from(progress.getStatus()),
                progress.getReplicas_downloaded(), progress.getReplica_count(), progress.getBytes_done(),
                progress.getBytes_total(), progress.getIngest_decree(), Optional.ofNullable(progress.getError()));
    }
}
