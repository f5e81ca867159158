package dev.pegasus.client;

import dev.pegasus.protocol.thrift.start_restore_response;

/**
 * A restore the meta server accepted: the new table exists, and its partitions fetch their data from
 * the backup before they serve (follow it with {@link PegasusAdmin#restoreStatus}).
 *
 * @param appId the new table's app id
 * @param partitionCount the new table's partition count, the backed-up table's
 * @param hint the meta server's one-line account of the restore, for people
 */
public record StartedRestore(int appId, int partitionCount, String hint) {
    static StartedRestore from(start_restore_response response) {
        return new StartedRestore(response.getApp_id(), response.getPartition_count(), response.getHint_message());
    }
}
