package dev.pegasus.server.meta;

import dev.pegasus.client.ClientOptions;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusException;
import dev.pegasus.client.RestorePartition;
import dev.pegasus.client.TableInfo;
import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.TableEnvs;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/** Asks another cluster's meta servers through the client, which follows their leader. */
final class ClientRemoteClusters implements RemoteClusters {
    /** The key under which a meta server reports its cluster's id in its cluster info. */
    static final String CLUSTER_ID_KEY = "cluster_id";

    /** A question to a remote cluster through a client connected to it. */
    private interface Question<T> {
        T ask(PegasusClient client) throws RemoteFailure;
    }

    private static <T> T ask(List<RpcAddress> metas, Question<T> question) throws RemoteFailure {
        String addresses = metas.stream().map(RpcAddress::toString).collect(Collectors.joining(","));
        try (PegasusClient client = PegasusClient.open(ClientOptions.builder().metaServers(addresses).build())) {
            return question.ask(client);
        } catch (RuntimeException e) {
            // Whatever the client throws (a refusal, a timeout, an address it cannot resolve) is the remote's failure.
            throw new RemoteFailure("the meta servers at " + addresses + ": " + e.getMessage(), e);
        }
    }

    @Override
    public RemoteCluster probe(List<RpcAddress> metas, String table) throws RemoteFailure {
        return ask(metas, client -> {
            String id = client.admin().clusterInfo().get(CLUSTER_ID_KEY);
            if (id == null) {
                throw new RemoteFailure("the meta servers at " + metas + " do not say their cluster id", null);
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
        });
    }

    @Override
    public void restore(List<RpcAddress> metas, String root, String backupId, String sourceTable, String table)
            throws RemoteFailure {
        ask(metas, client -> {
            try {
                client.admin().startRestore(root, backupId, table, sourceTable, 0);
            } catch (PegasusException e) {
                if (e.code() != ErrorCode.ERR_APP_EXIST) {
                    throw e;
                }
                // Restored already by an earlier call, or some other table of that name: only the former will do.
                Map<String, String> envs = client.admin().listTables(false).stream()
                        .filter(info -> info.name().equals(table)).findFirst().map(TableInfo::envs).orElse(Map.of());
                if (!backupId.equals(envs.get(TableEnvs.RESTORE_BACKUP_ID))
                        || !root.equals(envs.get(TableEnvs.RESTORE_BACKUP_ROOT))) {
                    throw new RemoteFailure("table '" + table + "' exists there and was not restored from backup "
                            + backupId + " under " + root + ": drop it there, or remove this duplication", e);
                }
            }
            return null;
        });
    }

    @Override
    public RestoreProgress restoreProgress(List<RpcAddress> metas, String table) throws RemoteFailure {
        return ask(metas, client -> {
            List<RestorePartition> partitions = client.admin().restoreStatus(table);
            int served = (int) partitions.stream().filter(RestorePartition::served).count();
            Optional<String> error = partitions.stream().filter(p -> p.error().isPresent()).findFirst()
                    .map(p -> "partition " + p.index() + ": " + p.error().get());
            return new RestoreProgress(partitions.size(), served, error);
        });
    }
}
