package dev.pegasus.server.replica;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.RpcClient;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.thrift.config_sync_request;
import dev.pegasus.protocol.thrift.config_sync_response;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica server's periodic config sync with the meta server: it reports the replicas held
 * here (its beacon) and applies the assignment it gets back. Meta servers are tried in turn,
 * starting from the one that answered last.
 */
final class MetaSync {
    private static final Logger LOG = LoggerFactory.getLogger(MetaSync.class);

    private final RpcClient rpc;
    private final List<RpcAddress> metaServers;
    private final RpcAddress self;
    private final ReplicaRegistry replicas;
    private final long startTimeMs = System.currentTimeMillis();
    private final long timeoutMs;
    private int current;
    private boolean reachable = true;

    MetaSync(RpcClient rpc, List<RpcAddress> metaServers, RpcAddress self, ReplicaRegistry replicas, long timeoutMs) {
        this.rpc = rpc;
        this.metaServers = metaServers;
        this.self = self;
        this.replicas = replicas;
        this.timeoutMs = timeoutMs;
    }

    /** One round; runs on the sync thread, never concurrently with itself. */
    void syncOnce() {
        config_sync_request request = new config_sync_request(self.pack(), replicas.reports(), startTimeMs);
        for (int attempt = 0; attempt < metaServers.size(); attempt++) {
            RpcAddress meta = metaServers.get(current);
            try {
                config_sync_response response = rpc.call(meta, RpcMethods.CM_CONFIG_SYNC, request, timeoutMs)
                        .get(timeoutMs + 1000, TimeUnit.MILLISECONDS);
                if (ErrorCode.fromName(response.getErr()) == ErrorCode.ERR_OK) {
                    if (!reachable) {
                        LOG.info("meta server {} reached again", meta);
                        reachable = true;
                    }
                    replicas.reconcile(response.getAssignments(), response.getGarbage());
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("config sync with {} failed: {}", meta, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("applying the config sync from {} failed", meta, e);
                return;
            }
            current = (current + 1) % metaServers.size();
        }
        if (reachable) {
            LOG.warn("no meta server answered the config sync ({})", metaServers);
            reachable = false;
        }
    }
}
