package dev.pegasus.server.replica;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.config_proposal_type;
import dev.pegasus.protocol.thrift.update_partition_request;
import dev.pegasus.protocol.thrift.update_partition_response;
import dev.pegasus.server.replica.core.ConfigProposal;
import dev.pegasus.server.replica.core.PartitionConfig;
import dev.pegasus.server.wire.PartitionConfigCodec;
import java.util.Optional;

/** A primary's proposal to the meta server, and the configuration its answer carries, as the RPC spells them. */
public final class ProposalMessages {
    private ProposalMessages() {}

    public static update_partition_request request(Gpid gpid, RpcAddress proposer, ConfigProposal proposal) {
        return new update_partition_request(gpid.pack(), proposer.pack(),
                proposal.kind() == ConfigProposal.Kind.REMOVE_SECONDARY ? config_proposal_type.CP_REMOVE_SECONDARY
                        : config_proposal_type.CP_UPGRADE_TO_SECONDARY,
                proposal.node().pack(), proposal.ballot()).setNode_life(proposal.nodeLife());
    }

    /** The configuration in force after the proposal, accepted or not; empty when the answer has none. */
    public static Optional<PartitionConfig> configIn(update_partition_response response) {
        return Optional.ofNullable(response.getConfig()).map(PartitionConfigCodec::fromThrift);
    }
}
