package dev.pegasus.server.sim;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.core.ConfigProposal;
import dev.pegasus.server.replica.core.PartitionConfig;
import dev.pegasus.server.replica.PartitionReplica;
import java.nio.file.Path;
import java.util.Map;

/** Messages of the simulated cluster besides the replicas' own {@code ReplicaMessage}s. */
final class SimMessages {
    private SimMessages() {}

    /** Replica server to meta: alive, and what it holds. Doubles as the lease request. */
    record Beacon(long sentAt, long incarnation, Map<Gpid, PartitionReplica.Report> reports) {}

    /**
     * Meta to replica server: the lease (from the beacon's send time), the configurations it is in, the
     * table's partition count and whether it splits, and the parents it is the primary of that are to
     * split, with the partition count they split to.
     */
    record BeaconReply(long beaconSentAt, long incarnation, Map<Gpid, PartitionConfig> configs, int partitionCount,
            boolean splitting, Map<Gpid, Integer> splits) {}

    /** Meta to a primary: invite a learner. */
    record Invite(Gpid gpid, RpcAddress node, long ballot) {}

    record Proposal(Gpid gpid, ConfigProposal proposal, long incarnation, long id) {}

    /**
     * Meta to the replica server that proposed a change: the configuration in force after it, accepted
     * or not, meant for the incarnation that proposed it (an RPC's answer reaches no later process).
     */
    record ProposalAnswer(Gpid gpid, PartitionConfig config, long incarnation, long id) {}

    /** A primary to a learner: the files of a checkpoint at {@code decree} are in {@code dir} (one disk for all). */
    record InstallCheckpoint(Gpid gpid, Path dir, long decree) {}

    record CheckpointInstalled(Gpid gpid, long decree) {}

    sealed interface ClientOp permits Read, Write, Cas {
        String key();
    }

    record Read(String key) implements ClientOp {}

    record Write(String key, String value) implements ClientOp {}

    record Cas(String key, String expected, String value) implements ClientOp {}

    record ClientRequest(long id, Gpid gpid, ClientOp op) {}

    /** {@code outcome}: OK, FAILED (certainly not applied) or UNKNOWN (may be applied). */
    record ClientReply(long id, String outcome, Object result) {}

    record RouteQuery(Gpid gpid) {}

    /** A partition's configuration (ballot 0 for a split child not registered yet) and the table's partition count. */
    record RouteReply(Gpid gpid, PartitionConfig config, int partitionCount) {}

    static final String OK = "OK";
    static final String FAILED = "FAILED";
    static final String UNKNOWN = "UNKNOWN";
}
