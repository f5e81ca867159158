package dev.pegasus.server.testing;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.RpcClient;
import dev.pegasus.protocol.rpc.RpcException;
import dev.pegasus.protocol.rpc.RpcMethod;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.thrift.config_proposal_type;
import dev.pegasus.protocol.thrift.config_sync_request;
import dev.pegasus.protocol.thrift.config_sync_response;
import dev.pegasus.protocol.thrift.learner_invitation;
import dev.pegasus.protocol.thrift.partition_configuration;
import dev.pegasus.protocol.thrift.partition_status;
import dev.pegasus.protocol.thrift.replica_assignment;
import dev.pegasus.protocol.thrift.replica_report;
import dev.pegasus.protocol.thrift.update_partition_request;
import dev.pegasus.protocol.thrift.update_partition_response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A replica server reduced to its conversation with the meta server, over real loopback sockets: it
 * syncs (reporting the replicas it holds, each with a committed decree the test sets), takes the roles
 * the answers give it, and proposes configuration changes as a primary would. It holds no data and
 * serves nothing, so the meta server can be tested without the replica server.
 */
public final class FakeReplicaNode implements AutoCloseable {
    private static final long TIMEOUT_MS = 2000;

    private final RpcAddress address;
    private final List<RpcAddress> metas;
    private final RpcClient rpc = new RpcClient("fake-replica", 1, 500);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "fake-replica-sync");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Gpid, partition_status> held = new ConcurrentHashMap<>();
    private final Map<Gpid, Long> committed = new ConcurrentHashMap<>();
    private final AtomicInteger answers = new AtomicInteger();
    private volatile long startTimeMs;
    private volatile config_sync_response lastAnswer;
    private ScheduledFuture<?> syncing;
    private int current;

    public FakeReplicaNode(RpcAddress address, List<RpcAddress> metas, long startTimeMs) {
        this.address = address;
        this.metas = List.copyOf(metas);
        this.startTimeMs = startTimeMs;
    }

    public RpcAddress address() {
        return address;
    }

    public long startTimeMs() {
        return startTimeMs;
    }

    /** Syncs every {@code interval} in the background until {@link #stopSyncing()}. */
    public synchronized void startSyncing(Duration interval) {
        if (syncing == null) {
            syncing = timer.scheduleWithFixedDelay(this::trySync, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Falls silent, as a crashed or cut-off server would; the meta server declares it dead in time. */
    public synchronized void stopSyncing() {
        if (syncing != null) {
            syncing.cancel(false);
            syncing = null;
        }
    }

    /** Comes back as a new life of the server: it holds no replica in any role and reports a new start time. */
    public synchronized void restart(long newStartTimeMs) {
        held.clear();
        startTimeMs = newStartTimeMs;
        lastAnswer = null;
    }

    /** The committed decree reported for the replica from now on. */
    public void setCommitted(Gpid gpid, long decree) {
        committed.put(gpid, decree);
    }

    private void trySync() {
        try {
            syncOnce();
        } catch (RuntimeException e) {
            // no meta server answered this round; the next one tries again
        }
    }

    /**
     * One sync with the first meta server that answers, starting from the last that did. The node takes
     * the roles the answer gives it and steps down from replicas whose configuration no longer names it.
     */
    public synchronized config_sync_response syncOnce() {
        List<replica_report> reports = new ArrayList<>();
        held.forEach((gpid, status) -> reports.add(new replica_report(gpid.pack(), 0, status,
                committed.getOrDefault(gpid, 0L))));
        config_sync_response answer = callLeader(RpcMethods.CM_CONFIG_SYNC,
                new config_sync_request(address.pack(), reports, startTimeMs));
        for (replica_assignment assignment : answer.getAssignments()) {
            partition_configuration config = assignment.getConfig();
            Gpid gpid = Gpid.unpack(config.getPid());
            if (config.getPrimary() == address.pack()) {
                held.put(gpid, partition_status.PS_PRIMARY);
            } else if (config.getSecondaries().contains(address.pack())) {
                held.put(gpid, partition_status.PS_SECONDARY);
            } else {
                held.remove(gpid);
            }
        }
        lastAnswer = answer;
        answers.incrementAndGet();
        return answer;
    }

    /** How many sync answers the node received. */
    public int answers() {
        return answers.get();
    }

    /** The configuration of the partition in the last sync answer, if it was there. */
    public Optional<partition_configuration> assignment(Gpid gpid) {
        config_sync_response answer = lastAnswer;
        return answer == null ? Optional.empty() : answer.getAssignments().stream().map(replica_assignment::getConfig)
                .filter(config -> config.getPid() == gpid.pack()).findFirst();
    }

    /** The learner invitations of the last sync answer. */
    public List<learner_invitation> invitations() {
        config_sync_response answer = lastAnswer;
        return answer == null || answer.getInvitations() == null ? List.of() : answer.getInvitations();
    }

    public Optional<config_sync_response> lastAnswer() {
        return Optional.ofNullable(lastAnswer);
    }

    /** Proposes a configuration change as the partition's primary at {@code ballot}. */
    public synchronized update_partition_response propose(Gpid gpid, config_proposal_type type, RpcAddress node, long ballot) {
        return callLeader(RpcMethods.CM_UPDATE_PARTITION, new update_partition_request(gpid.pack(), address.pack(),
                type, node.pack(), ballot));
    }

    private <Req, Resp> Resp callLeader(RpcMethod<Req, Resp> method, Req request) {
        RpcException last = new RpcException(ErrorCode.ERR_TIMEOUT, "no meta server answered");
        for (int attempt = 0; attempt < metas.size(); attempt++) {
            RpcAddress meta = metas.get(current);
            try {
                return rpc.call(meta, method, request, TIMEOUT_MS).get(TIMEOUT_MS + 1000, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                last = e.getCause() instanceof RpcException failure ? failure
                        : new RpcException(ErrorCode.ERR_SESSION_RESET, e.getCause().toString());
            } catch (TimeoutException e) {
                last = new RpcException(ErrorCode.ERR_TIMEOUT, meta + " did not answer");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RpcException(ErrorCode.ERR_TIMEOUT, "interrupted");
            }
            current = (current + 1) % metas.size();
        }
        throw last;
    }

    @Override
    public void close() {
        stopSyncing();
        timer.shutdownNow();
        rpc.close();
    }
}
