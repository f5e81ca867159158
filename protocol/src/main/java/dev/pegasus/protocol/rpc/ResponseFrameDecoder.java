package dev.pegasus.protocol.rpc;

import dev.pegasus.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TProtocol;

/** Splits a client's inbound bytes into response frames (see {@link Frames}). */
final class ResponseFrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;

    ResponseFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int frameLength = in.getInt(in.readerIndex());
        if (frameLength < 4 || frameLength > maxFrameBytes) {
            throw new CorruptedFrameException("response frame declares " + frameLength + " bytes; the limit is "
                    + maxFrameBytes);
        }
        if (in.readableBytes() < frameLength) {
            return;
        }
        in.skipBytes(4);
        ByteBuf frame = in.readRetainedSlice(frameLength - 4);
        try {
            TProtocol protocol = Frames.protocolOver(frame);
            ErrorCode error = ErrorCode.fromName(protocol.readString());
            TMessage message = protocol.readMessageBegin();
            out.add(new InboundResponse(error, message.name, message.seqid, frame));
        } catch (TException | RuntimeException e) {
            frame.release();
            throw new CorruptedFrameException("response frame could not be decoded: " + e.getMessage(), e);
        }
    }
}
