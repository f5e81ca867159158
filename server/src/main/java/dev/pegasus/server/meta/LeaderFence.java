package dev.pegasus.server.meta;

/**
 * What every write of the meta server's state is conditioned on: the ZooKeeper node that made this
 * meta server the leader. See {@link MetaStateStore} for why a write checks this node rather than
 * only asking whether this server still believes it leads.
 */
interface LeaderFence {
    /**
     * The path of this meta server's leader latch node, the one that was first when it became leader.
     *
     * @throws dev.pegasus.protocol.rpc.RpcException ERR_FORWARD_TO_OTHERS when this server is not the
     *     serving leader, so nothing is sent to ZooKeeper at all
     */
    String leaderNode();
}
