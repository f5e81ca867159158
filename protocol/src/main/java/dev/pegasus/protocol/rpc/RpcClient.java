package dev.pegasus.protocol.rpc;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import io.netty.channel.EventLoopGroup;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
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
    /** Whether {@link #group} is this client's own, to shut down with it. */
    private final boolean ownsGroup;
    /**
     * One for the process: its thread ticks every 10 ms, so a call's timeout fires up to a tick late.
     * Shared because clients come and go (a timer per client would be a thread per client).
     */
    private static final HashedWheelTimer TIMEOUTS = new HashedWheelTimer(new DefaultThreadFactory("rpc-timeouts", true),
            10, TimeUnit.MILLISECONDS);
    private final int maxFrameBytes;
    private final int connectTimeoutMs;
    private final Map<RpcAddress, RpcConnection> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public RpcClient(String name, int ioThreads, int connectTimeoutMs) {
        this(NettyTransports.newGroup(ioThreads, name + "-io"), true, connectTimeoutMs);
    }

    private RpcClient(EventLoopGroup group, boolean ownsGroup, int connectTimeoutMs) {
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
        this.connectTimeoutMs = connectTimeoutMs;
    }

    /**
     * A client whose connections live on the server's network threads: a server that calls other
     * servers from the threads that serve its own requests then writes straight to a connection of
     * the same thread, instead of handing the frame to a thread of the client's own. The server's
     * close stops those threads; this client's close only closes its connections.
     */
    public static RpcClient onThreadsOf(RpcServer server, int connectTimeoutMs) {
        return new RpcClient(server.ioThreads(), false, connectTimeoutMs);
    }

    public <Req, Resp> CompletableFuture<Resp> call(RpcAddress server, RpcMethod<Req, Resp> method, Gpid gpid,
            long partitionHash, Req request, long timeoutMs) {
        if (closed) {
            return CompletableFuture.failedFuture(new RpcException(ErrorCode.ERR_SESSION_RESET, "client is closed"));
        }
        RpcConnection connection = connections.computeIfAbsent(server,
                address -> new RpcConnection(group, TIMEOUTS, address, maxFrameBytes, connectTimeoutMs));
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
        if (ownsGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }
}
