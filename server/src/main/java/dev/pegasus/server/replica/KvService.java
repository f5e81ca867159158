package dev.pegasus.server.replica;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.ThriftFields;
import dev.pegasus.protocol.rpc.RequestContext;
import dev.pegasus.protocol.rpc.RpcException;
import dev.pegasus.protocol.rpc.RpcMethod;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.rpc.RpcServer;
import dev.pegasus.server.replica.storage.PartitionStore;
import dev.pegasus.server.replica.storage.Prepared;
import dev.pegasus.server.replica.storage.WriteExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.thrift.TBase;

/**
 * The key-value service of a replica server: routes each request to its partition's replica and
 * stamps responses with where they were served. Writes and scans run in their partition's order
 * ({@link PartitionWorkers}), the writes of one read together so they can share a mutation; point
 * reads run at once on the network thread that decoded them, so they never queue behind writes.
 */
final class KvService {
    private final ReplicaRegistry replicas;
    private final PartitionWorkers workers;
    private final ScanService scans;
    private final String serverName;

    KvService(ReplicaRegistry replicas, PartitionWorkers workers, String serverName) {
        this.replicas = replicas;
        this.workers = workers;
        this.serverName = serverName;
        this.scans = new ScanService(this);
    }

    void registerOn(RpcServer server) {
        write(server, RpcMethods.RRDB_PUT, WriteExecutor::put, false);
        write(server, RpcMethods.RRDB_MULTI_PUT, WriteExecutor::multiPut, false);
        write(server, RpcMethods.RRDB_REMOVE, WriteExecutor::remove, false);
        write(server, RpcMethods.RRDB_MULTI_REMOVE, WriteExecutor::multiRemove, true);
        write(server, RpcMethods.RRDB_INCR, WriteExecutor::incr, true);
        write(server, RpcMethods.RRDB_CHECK_AND_SET, WriteExecutor::checkAndSet, true);
        write(server, RpcMethods.RRDB_CHECK_AND_MUTATE, WriteExecutor::checkAndMutate, true);
        write(server, RpcMethods.RRDB_DUPLICATE, WriteExecutor::duplicate, true, PartitionReplica::checkKeyHashes);
        read(server, RpcMethods.RRDB_GET, ThriftReads::get);
        read(server, RpcMethods.RRDB_MULTI_GET, ThriftReads::multiGet);
        read(server, RpcMethods.RRDB_BATCH_GET, ThriftReads::batchGet);
        read(server, RpcMethods.RRDB_SORTKEY_COUNT, ThriftReads::sortKeyCount);
        read(server, RpcMethods.RRDB_TTL, ThriftReads::ttl);
        scans.registerOn(server);
    }

    private <Req, Resp extends TBase<?, ?>> void write(RpcServer server, RpcMethod<Req, Resp> method,
            BiFunction<WriteExecutor, Req, Prepared<Resp>> operation, boolean readsState) {
        write(server, method, operation, readsState, (replica, request) -> { });
    }

    /**
     * @param readsState the request reads records it changes, so it must see every earlier write
     * @param check      refuses the request (by throwing) before anything is placed
     */
    private <Req, Resp extends TBase<?, ?>> void write(RpcServer server, RpcMethod<Req, Resp> method,
            BiFunction<WriteExecutor, Req, Prepared<Resp>> operation, boolean readsState,
            BiConsumer<PartitionReplica, Req> check) {
        server.register(method, (context, request) -> {
            CompletableFuture<Resp> answer = new CompletableFuture<>();
            PartitionReplica replica = route(context);
            check.accept(replica, request);
            workers.submitAfterRead(context.gpid(), () -> {
                if (!failIfLate(context, answer)) {
                    replica.write(executor -> operation.apply(executor, request), readsState,
                            (response, decree) -> stamp(response, replica, decree), answer);
                }
            });
            return answer;
        });
    }

    private <Req, Resp extends TBase<?, ?>> void read(RpcServer server, RpcMethod<Req, Resp> method,
            BiFunction<PartitionStore, Req, Resp> query) {
        server.register(method, (context, request) -> {
            PartitionReplica replica = route(context);
            Function<PartitionStore, Resp> read = store -> query.apply(store, request);
            return CompletableFuture.completedFuture(stamp(context.backupRequest() ? replica.readAsBackup(read)
                    : replica.read(read), replica, -1));
        });
    }

    /** Runs a step in the partition's order. */
    <R> CompletableFuture<R> onPartition(RequestContext context, Function<PartitionReplica, R> step) {
        CompletableFuture<R> answer = new CompletableFuture<>();
        PartitionReplica replica = route(context);
        workers.submit(context.gpid(), () -> {
            if (failIfLate(context, answer)) {
                return;
            }
            try {
                answer.complete(step.apply(replica));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    private PartitionReplica route(RequestContext context) {
        PartitionReplica replica = replicas.get(context.gpid()).filter(r -> !r.isClosed()).orElseThrow(() ->
                // What Apache Pegasus answers for a partition a server does not host: its clients look up the
                // routes again and retry on it.
                new RpcException(ErrorCode.ERR_OBJECT_NOT_FOUND, "partition " + context.gpid() + " is not served by "
                        + serverName));
        replica.checkKeyHash(context.partitionHash());
        return replica;
    }

    private static boolean failIfLate(RequestContext context, CompletableFuture<?> answer) {
        if (context.expired(System.nanoTime())) {
            answer.completeExceptionally(new RpcException(ErrorCode.ERR_TIMEOUT,
                    "the request waited past its deadline before it could run"));
            return true;
        }
        return false;
    }

    <R extends TBase<?, ?>> R stamp(R response, PartitionReplica replica, long decree) {
        ThriftFields.set(response, "app_id", replica.gpid().appId());
        ThriftFields.set(response, "partition_index", replica.gpid().partitionIndex());
        ThriftFields.set(response, "server", serverName);
        if (decree >= 0) {
            ThriftFields.set(response, "decree", decree);
        }
        return response;
    }
}
