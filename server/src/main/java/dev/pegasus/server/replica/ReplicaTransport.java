package dev.pegasus.server.replica;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.RpcClient;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.rpc.RpcServer;
import dev.pegasus.server.replica.core.ReplicaMessage;
import dev.pegasus.server.wire.ReplicaMessageCodec;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the replicas' protocol messages between replica servers as one-way RPCs. Losing one is
 * fine: the protocol resends prepares and learn requests.
 */
final class ReplicaTransport {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaTransport.class);
    private static final long SEND_TIMEOUT_MS = 5000;

    private final RpcClient rpc;
    private final RpcAddress self;

    ReplicaTransport(RpcClient rpc, RpcAddress self) {
        this.rpc = rpc;
        this.self = self;
    }

    void send(RpcAddress to, ReplicaMessage message) {
        rpc.call(to, RpcMethods.REPLICA_MESSAGE, message.gpid(), 0, ReplicaMessageCodec.toThrift(self, message),
                SEND_TIMEOUT_MS).whenComplete((done, failure) -> {
                    if (failure != null) {
                        LOG.debug("sending {} to {} failed: {}", message.getClass().getSimpleName(), to, failure.toString());
                    }
                });
    }

    /** Delivers incoming messages to their replica, those of one read together; an invitation to learn opens the replica. */
    void registerOn(RpcServer server, ReplicaRegistry replicas, PartitionWorkers workers) {
        server.register(RpcMethods.REPLICA_MESSAGE, (context, thrift) -> {
            ReplicaMessage message = ReplicaMessageCodec.fromThrift(thrift);
            RpcAddress from = RpcAddress.unpack(thrift.getSender());
            Gpid gpid = message.gpid();
            replicas.forMessage(message).ifPresent(replica -> workers.submitAfterRead(gpid, () -> {
                if (!replica.isClosed()) {
                    replica.onMessage(from, message);
                }
            }));
            return CompletableFuture.completedFuture(null);
        });
    }
}
