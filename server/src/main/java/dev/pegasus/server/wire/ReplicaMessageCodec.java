package dev.pegasus.server.wire;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.replica_message;
import dev.pegasus.protocol.thrift.replica_message_type;
import dev.pegasus.server.replica.core.PartitionConfig;
import dev.pegasus.server.replica.core.ReplicaMessage;
import dev.pegasus.server.replica.core.ReplicaMessage.AddLearner;
import dev.pegasus.server.replica.core.ReplicaMessage.GroupCheck;
import dev.pegasus.server.replica.core.ReplicaMessage.GroupCheckReply;
import dev.pegasus.server.replica.core.ReplicaMessage.LearnCompleted;
import dev.pegasus.server.replica.core.ReplicaMessage.LearnRequest;
import dev.pegasus.server.replica.core.ReplicaMessage.LearnResponse;
import dev.pegasus.server.replica.core.ReplicaMessage.Prepare;
import dev.pegasus.server.replica.core.ReplicaMessage.PrepareAck;
import java.util.ArrayList;
import java.util.List;

/** Converts the replicas' protocol messages to and from the Thrift {@code replica_message}. */
public final class ReplicaMessageCodec {
    private ReplicaMessageCodec() {}

    public static replica_message toThrift(RpcAddress sender, ReplicaMessage message) {
        replica_message thrift = new replica_message().setPid(message.gpid().pack()).setSender(sender.pack());
        if (message instanceof Prepare prepare) {
            thrift.setType(replica_message_type.RM_PREPARE).setConfig(config(prepare.gpid(), prepare.config()))
                    .setMutation(MutationCodec.toThrift(prepare.mutation()))
                    .setCommitted_decree(prepare.committedDecree());
        } else if (message instanceof PrepareAck ack) {
            thrift.setType(replica_message_type.RM_PREPARE_ACK).setBallot(ack.ballot()).setDecree(ack.decree())
                    .setOk(ack.ok());
        } else if (message instanceof GroupCheck check) {
            thrift.setType(replica_message_type.RM_GROUP_CHECK).setConfig(config(check.gpid(), check.config()))
                    .setCommitted_decree(check.committedDecree());
        } else if (message instanceof GroupCheckReply reply) {
            thrift.setType(replica_message_type.RM_GROUP_CHECK_REPLY).setBallot(reply.ballot())
                    .setCommitted_decree(reply.committedDecree()).setOk(reply.ok());
        } else if (message instanceof AddLearner add) {
            thrift.setType(replica_message_type.RM_ADD_LEARNER).setConfig(config(add.gpid(), add.config()));
        } else if (message instanceof LearnRequest request) {
            thrift.setType(replica_message_type.RM_LEARN_REQUEST).setBallot(request.ballot())
                    .setApplied_decree(request.appliedDecree());
        } else if (message instanceof LearnResponse response) {
            List<dev.pegasus.protocol.thrift.mutation_data> mutations = new ArrayList<>();
            response.mutations().forEach(m -> mutations.add(MutationCodec.toThrift(m)));
            thrift.setType(replica_message_type.RM_LEARN_RESPONSE).setConfig(config(response.gpid(), response.config()))
                    .setCheckpoint_decree(response.checkpointDecree()).setMutations(mutations)
                    .setCommitted_decree(response.committedDecree());
        } else if (message instanceof LearnCompleted completed) {
            thrift.setType(replica_message_type.RM_LEARN_COMPLETED).setBallot(completed.ballot())
                    .setDecree(completed.preparedDecree()).setSender_life(completed.learnerLife());
        }
        return thrift;
    }

    /** @throws IllegalArgumentException when a field the message type needs is missing */
    public static ReplicaMessage fromThrift(replica_message thrift) {
        Gpid gpid = Gpid.unpack(thrift.getPid());
        if (thrift.getType() == null) {
            throw new IllegalArgumentException("replica message for " + gpid + " has no type");
        }
        return switch (thrift.getType()) {
            case RM_PREPARE -> new Prepare(gpid, config(thrift), MutationCodec.fromThrift(require(thrift.getMutation(),
                    "mutation")), thrift.getCommitted_decree());
            case RM_PREPARE_ACK -> new PrepareAck(gpid, thrift.getBallot(), thrift.getDecree(), thrift.isOk());
            case RM_GROUP_CHECK -> new GroupCheck(gpid, config(thrift), thrift.getCommitted_decree());
            case RM_GROUP_CHECK_REPLY -> new GroupCheckReply(gpid, thrift.getBallot(), thrift.getCommitted_decree(),
                    thrift.isOk());
            case RM_ADD_LEARNER -> new AddLearner(gpid, config(thrift));
            case RM_LEARN_REQUEST -> new LearnRequest(gpid, thrift.getBallot(), thrift.getApplied_decree());
            case RM_LEARN_RESPONSE -> new LearnResponse(gpid, config(thrift), thrift.getCheckpoint_decree(),
                    require(thrift.getMutations(), "mutations").stream().map(MutationCodec::fromThrift).toList(),
                    thrift.getCommitted_decree());
            case RM_LEARN_COMPLETED -> new LearnCompleted(gpid, thrift.getBallot(), thrift.getDecree(),
                    thrift.getSender_life());
        };
    }

    private static dev.pegasus.protocol.thrift.partition_configuration config(Gpid gpid, PartitionConfig config) {
        return PartitionConfigCodec.toThrift(gpid, config, 0);
    }

    private static PartitionConfig config(replica_message thrift) {
        return PartitionConfigCodec.fromThrift(require(thrift.getConfig(), "config"));
    }

    private static <T> T require(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("replica message lacks its " + field);
        }
        return value;
    }
}
