package dev.pegasus.server.meta;

import dev.pegasus.protocol.RpcAddress;
import java.util.List;
import java.util.OptionalInt;

/** What the meta server asks of another cluster before it duplicates a table there. */
interface RemoteClusters {
    /**
     * What the remote cluster says of itself and of the table.
     *
     * @throws RemoteUnreachable when no meta server of the cluster answers
     */
    RemoteCluster probe(List<RpcAddress> metas, String table) throws RemoteUnreachable;

    /**
     * @param clusterId      the id the remote stamps into its writes' timetags
     * @param partitionCount the table's partition count there; empty when it has no such table
     */
    record RemoteCluster(int clusterId, OptionalInt partitionCount) {}

    final class RemoteUnreachable extends Exception {
        RemoteUnreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
