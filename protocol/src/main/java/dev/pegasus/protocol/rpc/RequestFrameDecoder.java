package dev.pegasus.protocol.rpc;

import dev.pegasus.protocol.thrift.request_meta;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TProtocol;

/**
 * Splits the server's inbound bytes into request frames. A frame that breaks the layout (wrong magic
 * or version, negative or oversized lengths, undecodable meta or message header) cannot be answered,
 * since its sequence id is unknown: it raises {@link CorruptedFrameException} and the connection is closed.
 */
final class RequestFrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;

    RequestFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < Frames.REQUEST_HEADER_LENGTH) {
            return;
        }
        int start = in.readerIndex();
        int magic = in.getInt(start);
        if (magic != Frames.MAGIC) {
            throw new CorruptedFrameException("request frame starts with " + Frames.describeMagic(magic)
                    + " instead of \"THFT\"");
        }
        int version = in.getInt(start + 4);
        if (version != Frames.VERSION) {
            throw new CorruptedFrameException("request frame has header version " + version + "; only "
                    + Frames.VERSION + " is understood");
        }
        int metaLength = in.getInt(start + 8);
        int bodyLength = in.getInt(start + 12);
        if (metaLength < 0 || bodyLength < 0 || (long) metaLength + bodyLength > maxFrameBytes) {
            throw new CorruptedFrameException("request frame declares meta " + metaLength + " bytes and body "
                    + bodyLength + " bytes; the limit is " + maxFrameBytes + " bytes in all");
        }
        if (in.readableBytes() < Frames.REQUEST_HEADER_LENGTH + metaLength + bodyLength) {
            return;
        }
        in.skipBytes(Frames.REQUEST_HEADER_LENGTH);
        ByteBuf metaBytes = in.readSlice(metaLength);
        ByteBuf body = in.readRetainedSlice(bodyLength);
        try {
            request_meta meta = new request_meta();
            meta.read(Frames.protocolOver(metaBytes));
            TProtocol protocol = Frames.protocolOver(body);
            TMessage message = protocol.readMessageBegin();
            out.add(new InboundRequest(meta, message.name, message.seqid, message.type, body));
        } catch (TException | RuntimeException e) {
            body.release();
            throw new CorruptedFrameException("request frame could not be decoded: " + e.getMessage(), e);
        }
    }
}
