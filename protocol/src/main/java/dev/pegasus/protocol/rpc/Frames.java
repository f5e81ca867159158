package dev.pegasus.protocol.rpc;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.thrift.request_meta;
import io.netty.buffer.ByteBuf;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;

/**
 * The frame layouts of Apache Pegasus's client protocol.
 *
 * <p>Request: a 16-byte header {@code "THFT", i32 version 1, i32 meta length, i32 body length}
 * (big-endian), a Thrift-binary {@link request_meta}, then the body: a Thrift message whose name is
 * the RPC code and whose sequence id pairs it with its response, followed by the args struct. Servers
 * also read the 48-byte header of version 0 (see RequestFrameDecoder).
 *
 * <p>Response: {@code i32 frame length (counting itself)}, the error code's name as a Thrift string,
 * the Thrift message header (named after the request's code with {@code _ACK}), and the result struct
 * when the error is ERR_OK.
 */
public final class Frames {
    public static final int REQUEST_HEADER_LENGTH = 16;
    public static final int MAGIC = 0x54484654; // "THFT"
    public static final int VERSION = 1;
    /** The older header, of a fixed 48 bytes with the meta in it, which Apache Pegasus's Go client sends. */
    public static final int VERSION_0 = 0;
    public static final int REQUEST_HEADER_V0_LENGTH = 48;

    private Frames() {}

    static TProtocol protocolOver(ByteBuf buffer) {
        return new TBinaryProtocol(new ByteBufTransport(buffer));
    }

    /** Appends a whole request frame to {@code out}. */
    public static <Req> void encodeRequest(ByteBuf out, request_meta meta, RpcMethod<Req, ?> method, int seqId,
            Req request) throws TException {
        int start = out.writerIndex();
        out.writerIndex(start + REQUEST_HEADER_LENGTH);
        TProtocol protocol = protocolOver(out);
        meta.write(protocol);
        int metaLength = out.writerIndex() - start - REQUEST_HEADER_LENGTH;
        byte type = method.isOneway() ? TMessageType.ONEWAY : TMessageType.CALL;
        protocol.writeMessageBegin(new TMessage(method.code(), type, seqId));
        method.writeArgs(protocol, request);
        protocol.writeMessageEnd();
        int bodyLength = out.writerIndex() - start - REQUEST_HEADER_LENGTH - metaLength;
        out.setInt(start, MAGIC);
        out.setInt(start + 4, VERSION);
        out.setInt(start + 8, metaLength);
        out.setInt(start + 12, bodyLength);
    }

    /** Appends a whole response frame to {@code out}; the result is written only for ERR_OK. */
    public static <Resp> void encodeResponse(ByteBuf out, ErrorCode error, RpcMethod<?, Resp> method, String code,
            int seqId, Resp response) throws TException {
        int start = out.writerIndex();
        out.writeInt(0);
        TProtocol protocol = protocolOver(out);
        protocol.writeString(error.name());
        protocol.writeMessageBegin(new TMessage(replyName(code), TMessageType.REPLY, seqId));
        if (error == ErrorCode.ERR_OK) {
            method.writeResult(protocol, response);
        }
        protocol.writeMessageEnd();
        out.setInt(start, out.writerIndex() - start);
    }

    /** The name of a reply: its request's code with {@code _ACK}, which Apache Pegasus's Go client dispatches on. */
    public static String replyName(String code) {
        return code + "_ACK";
    }

    static String describeMagic(int magic) {
        byte[] bytes = {(byte) (magic >>> 24), (byte) (magic >>> 16), (byte) (magic >>> 8), (byte) magic};
        StringBuilder printable = new StringBuilder();
        for (byte b : bytes) {
            printable.append(b >= 32 && b < 127 ? (char) b : '?');
        }
        return String.format("0x%08x (\"%s\")", magic, printable);
    }
}
