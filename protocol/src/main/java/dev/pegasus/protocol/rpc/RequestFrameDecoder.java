package dev.pegasus.protocol.rpc;

import dev.pegasus.protocol.thrift.request_meta;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TMessage;

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
        if (version == Frames.VERSION) {
            decodeVersion1(in, start, out);
        } else if (version == Frames.VERSION_0) {
            decodeVersion0(in, start, out);
        } else {
            throw new CorruptedFrameException("request frame has header version " + version + "; only "
                    + Frames.VERSION_0 + " and " + Frames.VERSION + " are understood");
        }
    }

    /** {@code "THFT", 1, i32 meta length, i32 body length}, a Thrift request_meta, the body. */
    private void decodeVersion1(ByteBuf in, int start, List<Object> out) {
        int metaLength = in.getInt(start + 8);
        int bodyLength = in.getInt(start + 12);
        checkLengths(metaLength, bodyLength);
        if (in.readableBytes() < Frames.REQUEST_HEADER_LENGTH + metaLength + bodyLength) {
            return;
        }
        in.skipBytes(Frames.REQUEST_HEADER_LENGTH);
        ByteBuf metaBytes = in.readSlice(metaLength);
        add(() -> {
            request_meta meta = new request_meta();
            meta.read(Frames.protocolOver(metaBytes));
            return meta;
        }, in.readRetainedSlice(bodyLength), out);
    }

    /**
     * The fixed 48-byte header that Apache Pegasus's Go client sends: {@code "THFT", 0, u32 header
     * length (48), u32 header crc, u32 body length, u32 body crc, i32 app id, i32 partition index, u32
     * client timeout, i32 thread hash, u64 partition hash}, then the body. The checksums are not set by
     * the clients and not checked by the servers.
     */
    private void decodeVersion0(ByteBuf in, int start, List<Object> out) {
        if (in.readableBytes() < Frames.REQUEST_HEADER_V0_LENGTH) {
            return;
        }
        int headerLength = in.getInt(start + 8);
        if (headerLength != Frames.REQUEST_HEADER_V0_LENGTH) {
            throw new CorruptedFrameException("request frame of header version 0 declares a header of "
                    + headerLength + " bytes instead of " + Frames.REQUEST_HEADER_V0_LENGTH);
        }
        int bodyLength = in.getInt(start + 16);
        checkLengths(0, bodyLength);
        if (in.readableBytes() < Frames.REQUEST_HEADER_V0_LENGTH + bodyLength) {
            return;
        }
        request_meta meta = new request_meta().setApp_id(in.getInt(start + 24))
                .setPartition_index(in.getInt(start + 28)).setClient_timeout(in.getInt(start + 32))
                .setPartition_hash(in.getLong(start + 40));
        in.skipBytes(Frames.REQUEST_HEADER_V0_LENGTH);
        add(() -> meta, in.readRetainedSlice(bodyLength), out);
    }

    private void checkLengths(int metaLength, int bodyLength) {
        if (metaLength < 0 || bodyLength < 0 || (long) metaLength + bodyLength > maxFrameBytes) {
            throw new CorruptedFrameException("request frame declares meta " + metaLength + " bytes and body "
                    + bodyLength + " bytes; the limit is " + maxFrameBytes + " bytes in all");
        }
    }

    /** Reads of a request meta that may fail on bytes that break the layout. */
    private interface MetaReader {
        request_meta read() throws TException;
    }

    /** Adds the request whose body is {@code body} (released here when the frame cannot be decoded). */
    private static void add(MetaReader meta, ByteBuf body, List<Object> out) {
        try {
            TMessage message = Frames.protocolOver(body).readMessageBegin();
            out.add(new InboundRequest(meta.read(), message.name, message.seqid, message.type, body));
        } catch (TException | RuntimeException e) {
            body.release();
            throw new CorruptedFrameException("request frame could not be decoded: " + e.getMessage(), e);
        }
    }
}
