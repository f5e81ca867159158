package dev.pegasus.server.sim;

import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.meta.RemoteClusters;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a simulated meta server learns of another simulated cluster when a duplication is added: its
 * cluster id and the table's partition count, from its leading meta server. A full duplication (a
 * backup restored remotely) is not simulated.
 */
final class SimRemoteClusters implements RemoteClusters {
    private final Map<List<String>, SimMetaGroup> clusters;

    /** @param clusters the simulated clusters by their meta servers' addresses; read when asked */
    SimRemoteClusters(Map<List<String>, SimMetaGroup> clusters) {
        this.clusters = clusters;
    }

    @Override
    public RemoteCluster probe(List<RpcAddress> metas, String table) throws RemoteFailure {
        Optional<SimMeta> leader = Optional.ofNullable(clusters.get(metas.stream().map(RpcAddress::toString).toList()))
                .flatMap(SimMetaGroup::leader);
        if (leader.isEmpty()) {
            throw new RemoteFailure("no meta server of " + metas + " leads", null);
        }
        int partitions = leader.get().partitionCount();
        return new RemoteCluster(leader.get().clusterId(), partitions > 0 ? OptionalInt.of(partitions)
                : OptionalInt.empty());
    }

    @Override
    public void restore(List<RpcAddress> metas, String root, String backupId, String sourceTable, String table)
            throws RemoteFailure {
        throw new RemoteFailure("a full duplication is not simulated", null);
    }

    @Override
    public RestoreProgress restoreProgress(List<RpcAddress> metas, String table) throws RemoteFailure {
        throw new RemoteFailure("a full duplication is not simulated", null);
    }
}
