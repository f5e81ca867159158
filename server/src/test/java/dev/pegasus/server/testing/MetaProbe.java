package dev.pegasus.server.testing;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.RpcClient;
import dev.pegasus.protocol.rpc.RpcException;
import dev.pegasus.protocol.rpc.RpcMethod;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.thrift.configuration_cluster_info_request;
import dev.pegasus.protocol.thrift.configuration_cluster_info_response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends requests to one given meta server, without the client's walk to the leader: to see what each
 * meta server answers, and which one leads.
 */
public final class MetaProbe implements AutoCloseable {
    private static final long TIMEOUT_MS = 2000;

    private final RpcClient rpc = new RpcClient("meta-probe", 1, 500);

    /**
     * The response of this very meta server.
     *
     * @throws RpcException with the frame's error (ERR_FORWARD_TO_OTHERS from a follower), or the
     *     connection's failure
     */
    public <Req, Resp> Resp call(String metaAddress, RpcMethod<Req, Resp> method, Req request) {
        try {
            return rpc.call(RpcAddress.parse(metaAddress), method, request, TIMEOUT_MS)
                    .get(TIMEOUT_MS + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RpcException rpcFailure) {
                throw rpcFailure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new RpcException(ErrorCode.ERR_TIMEOUT, metaAddress + " did not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The meta server's cluster_info as keys and values; throws unless it is the serving leader. */
    public Map<String, String> clusterInfo(String metaAddress) {
        configuration_cluster_info_response response = call(metaAddress, RpcMethods.CM_CLUSTER_INFO,
                new configuration_cluster_info_request());
        Map<String, String> info = new LinkedHashMap<>();
        for (int i = 0; i < response.getKeys().size(); i++) {
            info.put(response.getKeys().get(i), response.getValues().get(i));
        }
        return info;
    }

    /** The cluster_info of the serving leader among the meta servers: the first of them that answers it. */
    public Optional<Map<String, String>> leaderClusterInfo(List<String> metaAddresses) {
        for (String address : metaAddresses) {
            try {
                return Optional.of(clusterInfo(address));
            } catch (RpcException e) {
                // a follower, or down: ask the next one
            }
        }
        return Optional.empty();
    }

    /** The address of the serving leader among the meta servers, as it names itself. */
    public Optional<String> leader(List<String> metaAddresses) {
        return leaderClusterInfo(metaAddresses).map(info -> info.get("primary_meta_server"));
    }

    @Override
    public void close() {
        rpc.close();
    }
}
