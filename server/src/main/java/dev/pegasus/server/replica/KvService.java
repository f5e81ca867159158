package dev.pegasus.server.replica;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.PartitionHash;
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
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.thrift.TBase;

/**
 * The key-value service of a replica server: routes each request to its partition's replica,
 * on that partition's worker, and stamps responses with where they were served.
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
        write(server, RpcMethods.RRDB_PUT, WriteExecutor::put);
        write(server, RpcMethods.RRDB_MULTI_PUT, WriteExecutor::multiPut);
        write(server, RpcMethods.RRDB_REMOVE, WriteExecutor::remove);
        write(server, RpcMethods.RRDB_MULTI_REMOVE, WriteExecutor::multiRemove);
        write(server, RpcMethods.RRDB_INCR, WriteExecutor::incr);
        write(server, RpcMethods.RRDB_CHECK_AND_SET, WriteExecutor::checkAndSet);
        write(server, RpcMethods.RRDB_CHECK_AND_MUTATE, WriteExecutor::checkAndMutate);
        read(server, RpcMethods.RRDB_GET, PartitionStore::get);
        read(server, RpcMethods.RRDB_MULTI_GET, PartitionStore::multiGet);
        read(server, RpcMethods.RRDB_BATCH_GET, PartitionStore::batchGet);
        read(server, RpcMethods.RRDB_SORTKEY_COUNT, PartitionStore::sortKeyCount);
        read(server, RpcMethods.RRDB_TTL, PartitionStore::ttl);
        scans.registerOn(server);
    }

    private <Req, Resp extends TBase<?, ?>> void write(RpcServer server, RpcMethod<Req, Resp> method,
            BiFunction<WriteExecutor, Req, Prepared<Resp>> operation) {
        server.register(method, (context, request) -> {
            CompletableFuture<Resp> answer = new CompletableFuture<>();
            Replica replica = route(context);
            workers.submit(context.gpid(), new PartitionWorkers.Task() {
                @Override
                public void run(GroupCommit commit) {
                    if (!failIfLate(context, answer)) {
                        replica.write(commit, executor -> operation.apply(executor, request),
                                (response, decree) -> stamp(response, replica, decree), answer);
                    }
                }

                @Override
                public boolean needsDurableView() {
                    return false;
                }
            });
            return answer;
        });
    }

    private <Req, Resp extends TBase<?, ?>> void read(RpcServer server, RpcMethod<Req, Resp> method,
            BiFunction<PartitionStore, Req, Resp> query) {
        server.register(method, (context, request) ->
                onPartition(context, replica -> stamp(replica.read(store -> query.apply(store, request)), replica, -1)));
    }

    /** Runs a read-only step on the partition's worker, after earlier writes are durable. */
    <R> CompletableFuture<R> onPartition(RequestContext context, Function<Replica, R> step) {
        CompletableFuture<R> answer = new CompletableFuture<>();
        Replica replica = route(context);
        workers.submit(context.gpid(), commit -> {
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

    private Replica route(RequestContext context) {
        Replica replica = replicas.get(context.gpid()).orElseThrow(() -> new RpcException(
                ErrorCode.ERR_INVALID_STATE, "partition " + context.gpid() + " is not served by " + serverName));
        if (context.partitionHash() != 0
                && PartitionHash.partitionIndex(context.partitionHash(), replica.partitionCount())
                        != context.gpid().partitionIndex()) {
            throw new RpcException(ErrorCode.ERR_PARENT_PARTITION_MISUSED, "the key's hash belongs to partition "
                    + PartitionHash.partitionIndex(context.partitionHash(), replica.partitionCount())
                    + ", not " + context.gpid());
        }
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

    <R extends TBase<?, ?>> R stamp(R response, Replica replica, long decree) {
        ThriftFields.set(response, "app_id", replica.gpid().appId());
        ThriftFields.set(response, "partition_index", replica.gpid().partitionIndex());
        ThriftFields.set(response, "server", serverName);
        if (decree >= 0) {
            ThriftFields.set(response, "decree", decree);
        }
        return response;
    }
}
