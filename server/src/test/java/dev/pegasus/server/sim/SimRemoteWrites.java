package dev.pegasus.server.sim;

import dev.pegasus.client.AppliedDuplicates;
import dev.pegasus.client.DuplicatedWrite;
import dev.pegasus.protocol.DuplicateRequests;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.PartitionHash;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.duplicate_response;
import dev.pegasus.server.replica.core.PartitionConfig;
import dev.pegasus.server.replica.duplication.RemoteWrites;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A replica server's way to the other simulated cluster, as the client gives it to the real one: the
 * writes of a batch grouped by the remote table's partition count, one duplicate request to each
 * partition's primary, over the simulation's network (so lost, late and refused), the batch failing
 * if any part fails or gets no answer in time. Routes are read from the remote's leading meta server
 * when a batch goes out, as a client that refreshes its routes would find them (a split child not
 * registered yet reached by way of its parent).
 */
final class SimRemoteWrites implements RemoteWrites {
    static final long TIMEOUT_MILLIS = 500;

    private final RpcAddress self;
    private final Simulation sim;
    private final SimNetwork network;
    /** The meta servers of the other clusters, as the duplication tasks name them, to those clusters. */
    private final Map<List<String>, SimMetaGroup> clusters;
    private final Map<Long, CompletableFuture<AppliedDuplicates>> pending = new HashMap<>();
    private long nextId;

    SimRemoteWrites(RpcAddress self, Simulation sim, SimNetwork network, Map<List<String>, SimMetaGroup> clusters) {
        this.self = self;
        this.sim = sim;
        this.network = network;
        this.clusters = clusters;
    }

    @Override
    public RemoteTable table(List<String> remoteMetas, String table) {
        return (writes, sourceClusterId, shippedAtMicros) -> apply(remoteMetas, writes, sourceClusterId,
                shippedAtMicros);
    }

    private CompletableFuture<AppliedDuplicates> apply(List<String> remoteMetas, List<DuplicatedWrite> writes,
            int sourceClusterId, long shippedAtMicros) {
        Optional<SimMeta> leader = Optional.ofNullable(clusters.get(remoteMetas)).flatMap(SimMetaGroup::leader);
        if (leader.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("no meta server of " + remoteMetas
                    + " leads"));
        }
        int partitionCount = leader.get().partitionCount();
        Map<Gpid, PartitionConfig> configs = leader.get().configs();
        Map<Integer, List<DuplicatedWrite>> byPartition = new TreeMap<>();
        for (DuplicatedWrite write : writes) {
            int serving = SplitRouting.servingPartition(PartitionHash.ofStorageKey(write.storageKey()), partitionCount,
                    index -> configs.get(new Gpid(SimMeta.TABLE, index)));
            byPartition.computeIfAbsent(serving, index -> new ArrayList<>()).add(write);
        }
        List<CompletableFuture<AppliedDuplicates>> parts = new ArrayList<>();
        byPartition.forEach((index, group) -> {
            Gpid gpid = new Gpid(SimMeta.TABLE, index);
            Optional<RpcAddress> primary = Optional.ofNullable(configs.get(gpid)).flatMap(PartitionConfig::primary);
            parts.add(primary.isEmpty() ? CompletableFuture.failedFuture(new IllegalStateException(gpid
                    + " has no primary")) : send(primary.get(), gpid, group, sourceClusterId, shippedAtMicros));
        });
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> parts.stream()
                .map(CompletableFuture::join).reduce(new AppliedDuplicates(0, 0), AppliedDuplicates::plus));
    }

    private CompletableFuture<AppliedDuplicates> send(RpcAddress primary, Gpid gpid, List<DuplicatedWrite> group,
            int sourceClusterId, long shippedAtMicros) {
        long id = nextId++;
        CompletableFuture<AppliedDuplicates> answer = new CompletableFuture<>();
        pending.put(id, answer);
        network.send(self, primary, new SimMessages.Duplicate(id, gpid, DuplicateRequests.of(group.stream()
                .map(write -> DuplicateRequests.write(write.storageKey(), write.storedValue(), write.timetag()))
                .toList(), sourceClusterId, shippedAtMicros)));
        sim.schedule(TIMEOUT_MILLIS, () -> Optional.ofNullable(pending.remove(id)).ifPresent(late ->
                late.completeExceptionally(new IllegalStateException("no answer from " + primary + " for " + gpid))));
        return answer;
    }

    /** The remote primary's answer to a duplicate request. */
    void onReply(SimMessages.ClientReply reply) {
        CompletableFuture<AppliedDuplicates> answer = pending.remove(reply.id());
        if (answer == null) {
            return;
        }
        if (SimMessages.OK.equals(reply.outcome()) && reply.result() instanceof duplicate_response response
                && response.getError() == 0) {
            answer.complete(new AppliedDuplicates(response.getApplied(), response.getRepeated()));
        } else {
            answer.completeExceptionally(new IllegalStateException("duplicate refused: " + reply));
        }
    }

    /** The server crashed: answers to this life's requests are no longer awaited. */
    @Override
    public void close() {
        pending.clear();
    }
}
