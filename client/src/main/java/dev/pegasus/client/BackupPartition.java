package dev.pegasus.client;

import dev.pegasus.protocol.thrift.backup_partition_progress;
import java.util.Optional;

/**
 * The upload of one partition of a backup, as the meta server last heard of it.
 *
 * @param phase {@code PENDING} (no upload reported yet), {@code UPLOADING}, {@code CHECKING} (uploaded, the
 *              meta server checks the files) or {@code UPLOADED}
 * @param decree the decree the partition's checkpoint holds every write up to
 * @param node {@code host:port} of the replica server uploading it, while one is
 * @param error the error an upload attempt reported, if one did; the meta server retries a partition a few
 *              times before it fails the backup
 */
public record BackupPartition(int index, String phase, long decree, int filesDone, int filesTotal, long bytesDone,
        long bytesTotal, Optional<String> node, Optional<String> error) {
    static BackupPartition from(backup_partition_progress progress) {
        return new BackupPartition(progress.getIndex(), progress.getPhase(), progress.getDecree(),
                progress.getFiles_done(), progress.getFiles_total(), progress.getBytes_done(),
                progress.getBytes_total(), Optional.ofNullable(progress.getNode()),
                Optional.ofNullable(progress.getError()));
    }
}
