package dev.pegasus.protocol.rpc;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import io.netty.channel.EventLoopGroup;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Sends requests to any number of servers, one pipelined connection per server, reconnecting on
 * demand. Every call has a timeout; a call fails with an {@link RpcException} carrying the server's
 * error code, ERR_TIMEOUT, or ERR_SESSION_RESET when the connection fails or drops.
 */
public final class RpcClient implements AutoCloseable {
    public static final int DEFAULT_MAX_FRAME_BYTES = 256 << 20;

    private final EventLoopGroup group;
    private final int maxFrameBytes;
    private final int connectTimeoutMs;
    private final Map<RpcAddress, RpcConnection> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public RpcClient(String name, int ioThreads, int connectTimeoutMs) {
        this.group = NettyTransports.newGroup(ioThreads, name + "-io");
        this.maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
        this.connectTimeoutMs = connectTimeoutMs;
    }

    public <Req, Resp> CompletableFuture<Resp> call(RpcAddress server, RpcMethod<Req, Resp> method, Gpid gpid,
            long partitionHash, Req request, long timeoutMs) {
        if (closed) {
            return CompletableFuture.failedFuture(new RpcException(ErrorCode.ERR_SESSION_RESET, "client is closed"));
        }
        RpcConnection connection = connections.computeIfAbsent(server,
                address -> new RpcConnection(group, address, maxFrameBytes, connectTimeoutMs));
        return connection.call(method, gpid, partitionHash, request, timeoutMs);
    }

    /** A call that is not routed to a partition (meta requests). */
    public <Req, Resp> CompletableFuture<Resp> call(RpcAddress server, RpcMethod<Req, Resp> method, Req request,
            long timeoutMs) {
        return call(server, method, new Gpid(0, 0), 0, request, timeoutMs);
    }

    /** Drops the connection to a server, failing its outstanding calls. */
    public void disconnect(RpcAddress server) {
        RpcConnection connection = connections.remove(server);
        if (connection != null) {
            connection.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        connections.values().forEach(RpcConnection::close);
        connections.clear();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
