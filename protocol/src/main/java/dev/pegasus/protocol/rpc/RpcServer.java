package dev.pegasus.protocol.rpc;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.thrift.negotiation_response;
import dev.pegasus.protocol.thrift.negotiation_status;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.DecoderException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TMessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Netty server speaking the Pegasus frame protocol. Requests on one connection are decoded in
 * order and may be answered out of order (responses carry the request's sequence id). A connection
 * that sends a malformed frame is closed; others are unaffected.
 */
public final class RpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);

    private final String name;
    private final int maxFrameBytes;
    private final Map<String, Registered<?, ?>> handlers = new ConcurrentHashMap<>();
    private final RemoteCommands commands = new RemoteCommands();
    /** A client that keeps sending a code no server knows fills no log; bounded against made-up codes. */
    private static final int MAX_UNKNOWN_CODES_WARNED = 64;
    private final Set<String> unknownCodesWarned = ConcurrentHashMap.newKeySet();
    private final EventLoopGroup bossGroup = NettyTransports.newGroup(1, "rpc-accept");
    private final EventLoopGroup workerGroup;
    private Channel serverChannel;
    private volatile Runnable afterEachRead = () -> { };

    private record Registered<Req, Resp>(RpcMethod<Req, Resp> method, RpcHandler<Req, Resp> handler) {}

    public RpcServer(String name, int ioThreads, int maxFrameBytes) {
        this.name = name;
        this.maxFrameBytes = maxFrameBytes;
        this.workerGroup = NettyTransports.newGroup(ioThreads, name + "-io");
        // Authentication is off: a client that negotiates is told so and goes on, as with Apache Pegasus.
        register(RpcMethods.NEGOTIATION, (context, request) -> CompletableFuture.completedFuture(
                new negotiation_response(negotiation_status.SASL_AUTH_DISABLE, ByteBuffer.allocate(0))));
        Instant startedAt = Instant.now();
        commands.add("server-info", "what this server is and since when it runs", arguments -> name + " server, "
                + "started at " + startedAt + ", Java " + Runtime.version());
        register(RpcMethods.CLI_CALL, (context, request) -> CompletableFuture.completedFuture(commands.answer(request)));
    }

    /** The remote commands this server answers; a server adds its own. */
    public RemoteCommands commands() {
        return commands;
    }

    public <Req, Resp> RpcServer register(RpcMethod<Req, Resp> method, RpcHandler<Req, Resp> handler) {
        if (handlers.putIfAbsent(method.code(), new Registered<>(method, handler)) != null) {
            throw new IllegalStateException(method.code() + " is registered twice");
        }
        return this;
    }

    /**
     * Runs {@code hook} on the network thread each time it has dispatched the requests of one read
     * from a connection: handlers may hold back the work of several requests and start it together.
     */
    public RpcServer afterEachRead(Runnable hook) {
        this.afterEachRead = hook;
        return this;
    }

    EventLoopGroup ioThreads() {
        return workerGroup;
    }

    /** Binds and starts serving; returns the bound address (useful with port 0). */
    public InetSocketAddress start(InetSocketAddress bindAddress) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NettyTransports.serverChannelClass())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(NettyTransports.flushConsolidation(), new RequestFrameDecoder(maxFrameBytes),
                                new Dispatcher());
                    }
                });
        serverChannel = bootstrap.bind(bindAddress).sync().channel();
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        LOG.info("{} serving on {}", name, bound);
        return bound;
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private final class Dispatcher extends SimpleChannelInboundHandler<InboundRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, InboundRequest request) {
            try {
                dispatch(ctx.channel(), request);
            } finally {
                request.args().release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            try {
                afterEachRead.run();
            } catch (RuntimeException e) {
                LOG.error("{}: the work held back from a read failed", name, e);
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof DecoderException) {
                LOG.warn("{}: closing connection from {}: {}", name, ctx.channel().remoteAddress(), cause.getMessage());
            } else {
                LOG.debug("{}: connection from {} failed: {}", name, ctx.channel().remoteAddress(), cause.toString());
            }
            ctx.close();
        }
    }

    private void dispatch(Channel channel, InboundRequest request) {
        Registered<?, ?> registered = handlers.get(request.code());
        if (registered == null) {
            if (unknownCodesWarned.size() < MAX_UNKNOWN_CODES_WARNED && unknownCodesWarned.add(request.code())) {
                LOG.warn("{}: no handler for request code '{}' from {}; answered ERR_HANDLER_NOT_FOUND (logged once"
                        + " per code)", name, request.code(), channel.remoteAddress());
            } else {
                LOG.debug("{}: no handler for request code '{}' from {}", name, request.code(), channel.remoteAddress());
            }
            if (request.messageType() != TMessageType.ONEWAY) {
                reply(channel, null, request, ErrorCode.ERR_HANDLER_NOT_FOUND, null);
            }
            return;
        }
        serve(channel, registered, request);
    }

    private <Req, Resp> void serve(Channel channel, Registered<Req, Resp> registered, InboundRequest request) {
        RpcMethod<Req, Resp> method = registered.method();
        Req argument;
        try {
            argument = method.readArgs(Frames.protocolOver(request.args()));
        } catch (TException | RuntimeException e) {
            LOG.warn("{}: undecodable {} from {}: {}", name, request.code(), channel.remoteAddress(), e.getMessage());
            if (!method.isOneway()) {
                reply(channel, method, request, ErrorCode.ERR_INVALID_DATA, null);
            }
            return;
        }
        var meta = request.meta();
        long timeoutMs = meta.isSetClient_timeout() && meta.getClient_timeout() > 0 ? meta.getClient_timeout() : 60_000;
        RequestContext context = new RequestContext(new Gpid(meta.getApp_id(), meta.getPartition_index()),
                meta.getPartition_hash(), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs),
                channel.remoteAddress(), meta.isIs_backup_request());
        CompletionStage<Resp> stage;
        try {
            stage = registered.handler().handle(context, argument);
        } catch (RuntimeException e) {
            stage = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        if (method.isOneway()) {
            return;
        }
        stage.whenComplete((response, failure) -> {
            if (failure == null) {
                reply(channel, method, request, ErrorCode.ERR_OK, response);
            } else {
                reply(channel, method, request, errorOf(request.code(), failure), null);
            }
        });
    }

    private ErrorCode errorOf(String code, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof RpcException rpc) {
            return rpc.code();
        }
        LOG.error("{}: {} failed unexpectedly", name, code, cause);
        return ErrorCode.ERR_UNKNOWN;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void reply(Channel channel, RpcMethod method, InboundRequest request, ErrorCode error, Object response) {
        ByteBuf out = channel.alloc().ioBuffer(256);
        try {
            Frames.encodeResponse(out, error, method, request.code(), request.seqId(), response);
        } catch (TException | RuntimeException e) {
            out.release();
            LOG.error("{}: could not encode the response to {}", name, request.code(), e);
            return;
        }
        channel.writeAndFlush(out);
    }
}
