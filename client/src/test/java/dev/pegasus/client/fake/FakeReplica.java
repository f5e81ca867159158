package dev.pegasus.client.fake;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.PartitionHash;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.RequestContext;
import dev.pegasus.protocol.rpc.RpcException;
import dev.pegasus.protocol.rpc.RpcMethod;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.rpc.RpcServer;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A replica server over the fake cluster's tables. It serves a request only for partitions whose
 * primary it is in the fake meta's configuration (else ERR_OBJECT_NOT_FOUND, like a server that does not
 * host the replica). Faults are injected per RPC code: answer with an error N times, or never answer.
 */
public final class FakeReplica implements AutoCloseable {
    /** A request as it arrived. */
    public record Received(String code, Gpid gpid, long partitionHash) {}

    private final FakeCluster cluster;
    private final RpcServer server;
    private final RpcAddress address;
    private final FakeKvService kv;
    private final Queue<Received> received = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, Queue<ErrorCode>> injectedErrors = new ConcurrentHashMap<>();
    private final Map<String, Boolean> hanging = new ConcurrentHashMap<>();
    private volatile boolean closed;

    FakeReplica(FakeCluster cluster, String name) {
        this.cluster = cluster;
        this.kv = new FakeKvService(cluster);
        this.server = new RpcServer(name, 1, 16 << 20);
        register(RpcMethods.RRDB_PUT, kv::put);
        register(RpcMethods.RRDB_MULTI_PUT, kv::multiPut);
        register(RpcMethods.RRDB_REMOVE, kv::remove);
        register(RpcMethods.RRDB_MULTI_REMOVE, kv::multiRemove);
        register(RpcMethods.RRDB_INCR, kv::incr);
        register(RpcMethods.RRDB_CHECK_AND_SET, kv::checkAndSet);
        register(RpcMethods.RRDB_CHECK_AND_MUTATE, kv::checkAndMutate);
        register(RpcMethods.RRDB_GET, kv::get);
        register(RpcMethods.RRDB_MULTI_GET, kv::multiGet);
        register(RpcMethods.RRDB_BATCH_GET, kv::batchGet);
        register(RpcMethods.RRDB_SORTKEY_COUNT, kv::sortKeyCount);
        register(RpcMethods.RRDB_TTL, kv::ttl);
        register(RpcMethods.RRDB_GET_SCANNER, kv::getScanner);
        register(RpcMethods.RRDB_SCAN, kv::scan);
        register(RpcMethods.RRDB_CLEAR_SCANNER, kv::clearScanner);
        this.address = FakeMeta.start(server);
    }

    public RpcAddress address() {
        return address;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Requests received so far, in arrival order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    public int calls(RpcMethod<?, ?> method) {
        return calls.computeIfAbsent(method.code(), c -> new AtomicInteger()).get();
    }

    /** The next {@code times} requests of {@code method} are answered with {@code error} in the frame. */
    public void failNext(RpcMethod<?, ?> method, ErrorCode error, int times) {
        Queue<ErrorCode> queue = injectedErrors.computeIfAbsent(method.code(), c -> new ConcurrentLinkedQueue<>());
        for (int i = 0; i < times; i++) {
            queue.add(error);
        }
    }

    /** Requests of {@code method} are applied or not, but never answered (until {@link #stopHanging}). */
    public void hang(RpcMethod<?, ?> method) {
        hanging.put(method.code(), true);
    }

    public void stopHanging(RpcMethod<?, ?> method) {
        hanging.remove(method.code());
    }

    /** Forgets every scan context, as a restarted server would; scan() then answers {@code how}. */
    public void loseScanContexts(ErrorCode how) {
        kv.loseScanContexts(how);
    }

    public int openScanContexts() {
        return kv.openContexts();
    }

    @Override
    public void close() {
        closed = true;
        server.close();
    }

    private <Req, Resp> void register(RpcMethod<Req, Resp> method, BiFunction<Gpid, Req, Resp> handler) {
        server.register(method, (RequestContext context, Req request) -> {
            received.add(new Received(method.code(), context.gpid(), context.partitionHash()));
            calls.computeIfAbsent(method.code(), c -> new AtomicInteger()).incrementAndGet();
            ErrorCode injected = injectedErrors.getOrDefault(method.code(), new ConcurrentLinkedQueue<>()).poll();
            if (injected != null) {
                return CompletableFuture.failedFuture(new RpcException(injected, "injected by the test"));
            }
            if (hanging.containsKey(method.code())) {
                return new CompletableFuture<>();
            }
            if (!cluster.isPrimary(context.gpid(), address)) {
                return CompletableFuture.failedFuture(new RpcException(ErrorCode.ERR_OBJECT_NOT_FOUND,
                        address + " does not serve " + context.gpid()));
            }
            return CompletableFuture.completedFuture(handler.apply(context.gpid(), request));
        });
    }

    /** Whether a storage key belongs to a partition of {@code count} partitions. */
    static boolean belongsTo(byte[] storageKey, int partition, int count) {
        return PartitionHash.partitionIndex(PartitionHash.ofStorageKey(storageKey), count) == partition;
    }
}
