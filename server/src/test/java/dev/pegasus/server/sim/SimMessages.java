package dev.pegasus.server.sim;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.thrift.config_sync_request;
import dev.pegasus.protocol.thrift.config_sync_response;
import dev.pegasus.protocol.thrift.duplicate_request;
import dev.pegasus.protocol.thrift.update_partition_request;
import dev.pegasus.protocol.thrift.update_partition_response;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.nio.file.Path;

/** Messages of the simulated cluster besides the replicas' own {@code ReplicaMessage}s. */
final class SimMessages {
    private SimMessages() {}

    /** Replica server to meta: its config sync (alive, what it holds, a lease request), sent at {@code sentAt}. */
    record Beacon(config_sync_request request, long sentAt) {}

    /** Meta to replica server: the answer to the config sync sent at {@code beaconSentAt}. */
    record BeaconReply(config_sync_response response, long beaconSentAt) {}

    /** A primary's proposal to the meta server; {@code id} pairs it with its answer, as an RPC's sequence number does. */
    record Proposal(update_partition_request request, long id) {}

    record ProposalAnswer(update_partition_response response, long id) {}

    /** A meta server that does not lead refuses {@code refused}, as the real one answers ERR_FORWARD_TO_OTHERS. */
    record NotLeader(Object refused) {}

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

    /** A primary shipping writes of its duplicated table to a primary of the other cluster's table. */
    record Duplicate(long id, Gpid gpid, duplicate_request request) {}

    record RouteQuery(Gpid gpid) {}

    /** A partition's configuration (ballot 0 for a split child not registered yet) and the table's partition count. */
    record RouteReply(Gpid gpid, PartitionConfig config, int partitionCount) {}

    static final String OK = "OK";
    static final String FAILED = "FAILED";
    static final String UNKNOWN = "UNKNOWN";
}
