package dev.pegasus.server.meta;

import dev.pegasus.protocol.RpcAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the meta server asks of another cluster: about itself and a table before it duplicates the
 * table there, and, for a full duplication, to create the table from a copy of the source's
 * checkpoints.
 */
public interface RemoteClusters {
    /**
     * What the remote cluster says of itself and of the table.
     *
     * @throws RemoteFailure when no meta server of the cluster answers
     */
    RemoteCluster probe(List<RpcAddress> metas, String table) throws RemoteFailure;

    /**
     * Has the remote create {@code table} from the backup {@code backupId} under {@code root}; a table
     * of that name already there counts as created by an earlier call.
     *
     * @throws RemoteFailure when no meta server answers or the remote refuses, saying why
     */
    void restore(List<RpcAddress> metas, String root, String backupId, String sourceTable, String table)
            throws RemoteFailure;

    /**
     * How far the remote's restore of {@code table} stands.
     *
     * @throws RemoteFailure when no meta server answers, or the table was not restored from a backup
     */
    RestoreProgress restoreProgress(List<RpcAddress> metas, String table) throws RemoteFailure;

    /**
     * @param clusterId      the id the remote stamps into its writes' timetags
     * @param partitionCount the table's partition count there; empty when it has no such table
     */
    record RemoteCluster(int clusterId, OptionalInt partitionCount) {}

    /**
     * @param partitions the remote table's partition count
     * @param served     partitions whose primary serves, their data loaded
     * @param error      a partition's failure to load, such as a file failing its checksum
     */
    record RestoreProgress(int partitions, int served, Optional<String> error) {
        public boolean done() {
            return partitions > 0 && served == partitions;
        }
    }

    final class RemoteFailure extends Exception {
        public RemoteFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
