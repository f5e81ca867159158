package dev.pegasus.server.meta;

import dev.pegasus.client.ClientOptions;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusException;
import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.RpcAddress;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/** Asks another cluster's meta servers through the client, which follows their leader. */
final class ClientRemoteClusters implements RemoteClusters {
    /** The key under which a meta server reports its cluster's id in its cluster info. */
    static final String CLUSTER_ID_KEY = "cluster_id";

    @Override
    public RemoteCluster probe(List<RpcAddress> metas, String table) throws RemoteUnreachable {
        String addresses = metas.stream().map(RpcAddress::toString).collect(Collectors.joining(","));
        try (PegasusClient client = PegasusClient.open(ClientOptions.builder().metaServers(addresses).build())) {
            String id = client.admin().clusterInfo().get(CLUSTER_ID_KEY);
            if (id == null) {
                throw new RemoteUnreachable("the meta servers at " + addresses + " do not say their cluster id", null);
            }
            OptionalInt partitions;
            try {
                partitions = OptionalInt.of(client.admin().queryConfig(table).partitionCount());
            } catch (PegasusException e) {
                if (e.code() != ErrorCode.ERR_OBJECT_NOT_FOUND) {
                    throw e;
                }
                partitions = OptionalInt.empty();
            }
            return new RemoteCluster(Integer.parseInt(id), partitions);
        } catch (PegasusException | NumberFormatException e) {
            throw new RemoteUnreachable("cannot ask the meta servers at " + addresses + ": " + e.getMessage(), e);
        }
    }
}
