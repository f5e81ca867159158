package dev.pegasus.server.replica;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.core.ConfigProposal;
import dev.pegasus.server.replica.core.LoggedMutation;
import dev.pegasus.server.replica.core.PartitionConfig;
import dev.pegasus.server.replica.core.ReplicaMessage;
import dev.pegasus.server.replica.log.MutationLog;
import dev.pegasus.server.replica.storage.StorageClock;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What a replica needs from its server besides its own store: the adapters around its state machine. */
public interface ReplicaServices {
    RpcAddress self();

    /** The start time naming this life of the server ({@link ServerLife}). */
    long life();

    PartitionWorkers workers();

    MutationLog log();

    Lease lease();

    /** One-way, best effort: the protocol resends what matters. */
    void send(RpcAddress to, ReplicaMessage message);

    /** Asks the meta server for a configuration change; the future carries the configuration in force after it. */
    CompletableFuture<Optional<PartitionConfig>> propose(Gpid gpid, ConfigProposal proposal, String reason);

    /** Copies the replica's store to a learner, then reports to the replica's state machine. */
    void shipCheckpoint(PartitionReplica replica, RpcAddress learner);

    long nowMillis();

    /** Applies bulk load ingestions to the replica's store. */
    BulkLoadIngester ingester();

    /** Where the partition's store lives on this server. */
    Path storeDir(Gpid gpid);

    /** A split made the child partition's store: the server opens it (off the caller's thread). */
    void childCreated(Gpid child);

    /** Why client writes are refused now (the data disk is short of space), or empty when they are taken. */
    /** The time that stamps timetags and decides expiry: the wall clock, or a simulation's. */
    default StorageClock storageClock() {
        return StorageClock.SYSTEM;
    }

    default Optional<String> writeRefusal() {
        return Optional.empty();
    }

    /** Hears of each mutation a replica applied, in decree order, once it is in the store. */
    default void applied(Gpid gpid, LoggedMutation mutation) {
    }
}
