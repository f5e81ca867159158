package dev.pegasus.protocol.rpc;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.request_meta;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.thrift.TException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipelined connection to one server. Invariant: every pending call is completed exactly once —
 * by its response, its timeout, or the loss of the channel it was sent on.
 */
final class RpcConnection {
    private static final Logger LOG = LoggerFactory.getLogger(RpcConnection.class);

    private final EventLoopGroup group;
    private final Timer timeouts;
    private final RpcAddress address;
    private final int maxFrameBytes;
    private final int connectTimeoutMs;
    private final AtomicInteger nextSeqId = new AtomicInteger();
    private final Map<Integer, Pending<?>> pending = new ConcurrentHashMap<>();
    /** Read without the lock on every call; replaced under it when the connection must be made again. */
    private volatile CompletableFuture<Channel> channel;

    private record Pending<Resp>(RpcMethod<?, Resp> method, CompletableFuture<Resp> future, Channel channel,
            Timeout timeout) {}

    /** @param timeouts fails calls that get no answer in time; not the event loop's scheduler, whose every
     *      call from another thread wakes the loop up */
    RpcConnection(EventLoopGroup group, Timer timeouts, RpcAddress address, int maxFrameBytes, int connectTimeoutMs) {
        this.group = group;
        this.timeouts = timeouts;
        this.address = address;
        this.maxFrameBytes = maxFrameBytes;
        this.connectTimeoutMs = connectTimeoutMs;
    }

    <Req, Resp> CompletableFuture<Resp> call(RpcMethod<Req, Resp> method, Gpid gpid, long partitionHash, Req request,
            long timeoutMs) {
        CompletableFuture<Resp> result = new CompletableFuture<>();
        connectedChannel().whenComplete((ch, failure) -> {
            if (failure != null) {
                result.completeExceptionally(new RpcException(ErrorCode.ERR_SESSION_RESET,
                        "cannot connect to " + address + ": " + rootMessage(failure)));
            } else {
                send(ch, method, gpid, partitionHash, request, timeoutMs, result);
            }
        });
        return result;
    }

    private <Req, Resp> void send(Channel ch, RpcMethod<Req, Resp> method, Gpid gpid, long partitionHash, Req request,
            long timeoutMs, CompletableFuture<Resp> result) {
        int seqId = nextSeqId.incrementAndGet();
        request_meta meta = new request_meta();
        meta.setApp_id(gpid.appId());
        meta.setPartition_index(gpid.partitionIndex());
        meta.setPartition_hash(partitionHash);
        meta.setClient_timeout((int) Math.min(Integer.MAX_VALUE, timeoutMs));
        ByteBuf frame = ch.alloc().ioBuffer(256);
        try {
            Frames.encodeRequest(frame, meta, method, seqId, request);
        } catch (TException | RuntimeException e) {
            frame.release();
            result.completeExceptionally(new RpcException(ErrorCode.ERR_INVALID_PARAMETERS,
                    "cannot encode " + method.code() + ": " + e.getMessage(), e));
            return;
        }
        if (method.isOneway()) {
            ch.writeAndFlush(frame).addListener(done -> {
                if (done.isSuccess()) {
                    result.complete(null);
                } else {
                    result.completeExceptionally(new RpcException(ErrorCode.ERR_SESSION_RESET,
                            "sending to " + address + " failed: " + done.cause()));
                }
            });
            return;
        }
        Timeout timeout = timeouts.newTimeout(expired -> expire(seqId, method, timeoutMs), timeoutMs, TimeUnit.MILLISECONDS);
        pending.put(seqId, new Pending<>(method, result, ch, timeout));
        if (timeout.isExpired()) {   // it fired before the call was pending, and found nothing to fail
            expire(seqId, method, timeoutMs);
        }
        ch.writeAndFlush(frame).addListener(done -> {
            if (!done.isSuccess()) {
                fail(seqId, new RpcException(ErrorCode.ERR_SESSION_RESET,
                        "sending to " + address + " failed: " + done.cause()));
            }
        });
    }

    private CompletableFuture<Channel> connectedChannel() {
        CompletableFuture<Channel> current = channel;
        return usable(current) ? current : reconnect();
    }

    private static boolean usable(CompletableFuture<Channel> channel) {
        return channel != null && (!channel.isDone() || (!channel.isCompletedExceptionally() && channel.join().isActive()));
    }

    private synchronized CompletableFuture<Channel> reconnect() {
        if (usable(channel)) {
            return channel;
        }
        CompletableFuture<Channel> connecting = new CompletableFuture<>();
        channel = connecting;
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NettyTransports.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMs)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(NettyTransports.flushConsolidation(), new ResponseFrameDecoder(maxFrameBytes),
                                new ResponseHandler());
                    }
                });
        ChannelFuture connect = bootstrap.connect(new InetSocketAddress(address.host(), address.port()));
        connect.addListener(done -> {
            if (done.isSuccess()) {
                connecting.complete(connect.channel());
            } else {
                connecting.completeExceptionally(done.cause());
            }
        });
        return connecting;
    }

    private void expire(int seqId, RpcMethod<?, ?> method, long timeoutMs) {
        fail(seqId, new RpcException(ErrorCode.ERR_TIMEOUT, method.code() + " to " + address + " got no answer within "
                + timeoutMs + " ms"));
    }

    private void fail(int seqId, RpcException error) {
        Pending<?> call = pending.remove(seqId);
        if (call != null) {
            call.timeout().cancel();
            call.future().completeExceptionally(error);
        }
    }

    private void failAllOn(Channel lost) {
        for (Map.Entry<Integer, Pending<?>> entry : pending.entrySet()) {
            if (entry.getValue().channel() == lost) {
                fail(entry.getKey(), new RpcException(ErrorCode.ERR_SESSION_RESET, "connection to " + address + " lost"));
            }
        }
    }

    synchronized void close() {
        if (channel != null && channel.isDone() && !channel.isCompletedExceptionally()) {
            Channel ch = channel.join();
            ch.close();
            failAllOn(ch);
        }
    }

    private <Resp> void complete(Pending<Resp> call, InboundResponse response) {
        if (response.error() != ErrorCode.ERR_OK) {
            call.future().completeExceptionally(new RpcException(response.error(),
                    response.code() + " to " + address + ": " + response.error().description()));
            return;
        }
        try {
            call.future().complete(call.method().readResult(Frames.protocolOver(response.result())));
        } catch (TException | RuntimeException e) {
            call.future().completeExceptionally(new RpcException(ErrorCode.ERR_INVALID_DATA,
                    "undecodable " + response.code() + " response from " + address + ": " + e.getMessage(), e));
        }
    }

    private final class ResponseHandler extends SimpleChannelInboundHandler<InboundResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, InboundResponse response) {
            try {
                Pending<?> call = pending.remove(response.seqId());
                if (call != null) {
                    call.timeout().cancel();
                    complete(call, response);
                }
            } finally {
                response.result().release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            failAllOn(ctx.channel());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("connection to {} failed: {}", address, cause.toString());
            ctx.close();
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
