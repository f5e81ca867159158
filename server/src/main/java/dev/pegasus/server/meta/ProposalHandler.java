package dev.pegasus.server.meta;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.update_partition_request;
import dev.pegasus.protocol.thrift.update_partition_response;
import dev.pegasus.server.meta.core.PartitionGuardian;
import dev.pegasus.server.replica.core.ConfigProposal;
import dev.pegasus.server.replica.core.PartitionConfig;
import dev.pegasus.server.wire.PartitionConfigCodec;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A primary's proposal to change its partition (RPC_CM_UPDATE_PARTITION_CONFIGURATION): drop a
 * secondary that stopped answering, or make a learner that caught up a secondary. The pure
 * {@link PartitionGuardian#accept} decides; an accepted configuration is stored before the answer
 * (ERR_OK with it), a refused proposal is answered ERR_INVALID_STATE with the configuration in force,
 * so a stale primary learns what happened. Runs on the DDL thread.
 */
final class ProposalHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProposalHandler.class);

    private final TableManager tables;

    ProposalHandler(TableManager tables) {
        this.tables = tables;
    }

    update_partition_response handle(update_partition_request request) throws Exception {
        Gpid gpid = Gpid.unpack(request.getPid());
        Optional<TablePartition> partition = tables.availablePartition(gpid);
        if (partition.isEmpty()) {
            return new update_partition_response().setErr(ErrorCode.ERR_OBJECT_NOT_FOUND.name());
        }
        PartitionConfig current = partition.get().config();
        if (request.getType() == null) {
            return answer(ErrorCode.ERR_INVALID_PARAMETERS, partition.get(), current);
        }
        RpcAddress proposer = RpcAddress.unpack(request.getProposer());
        RpcAddress node = RpcAddress.unpack(request.getNode());
        ConfigProposal proposal = switch (request.getType()) {
            case CP_REMOVE_SECONDARY -> ConfigProposal.removeSecondary(node, request.getBallot());
            case CP_UPGRADE_TO_SECONDARY -> ConfigProposal.upgradeToSecondary(node, request.getBallot(),
                    request.getNode_life());
        };
        Optional<PartitionConfig> accepted = PartitionGuardian.accept(current, proposer, proposal);
        if (accepted.isEmpty()) {
            LOG.info("partition {}: refused {} from {}; the configuration is {}", gpid, proposal, proposer, current);
            return answer(ErrorCode.ERR_INVALID_STATE, partition.get(), current);
        }
        Map<RpcAddress, Long> joinedIn = proposal.kind() == ConfigProposal.Kind.UPGRADE_TO_SECONDARY
                && request.isSetNode_life() ? Map.of(node, proposal.nodeLife()) : Map.of();
        tables.storeConfig(gpid, current, accepted.get(), joinedIn, "primary " + proposer + " proposed "
                + proposal.kind().name().toLowerCase() + " of " + proposal.node());
        return answer(ErrorCode.ERR_OK, partition.get(), accepted.get());
    }

    private static update_partition_response answer(ErrorCode err, TablePartition partition, PartitionConfig config) {
        return new update_partition_response().setErr(err.name())
                .setConfig(PartitionConfigCodec.toThrift(partition.gpid(), config, partition.replicaCount()));
    }
}
