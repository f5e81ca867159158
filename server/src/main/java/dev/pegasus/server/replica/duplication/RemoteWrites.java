package dev.pegasus.server.replica.duplication;

import dev.pegasus.client.AppliedDuplicates;
import dev.pegasus.client.DuplicatedWrite;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where shipped writes go: tables of remote clusters, known by the clusters' meta servers. */
public interface RemoteWrites extends AutoCloseable {
    /** The remote table; the first contact with its cluster may wait for an answer. */
    RemoteTable table(List<String> remoteMetas, String table);

    @Override
    void close();

    /** A table of a remote cluster. */
    interface RemoteTable {
        /** Applies the writes through the table's own write path, routed by its partition count. */
        CompletableFuture<AppliedDuplicates> apply(List<DuplicatedWrite> writes, int sourceClusterId,
                long shippedAtMicros);
    }
}
