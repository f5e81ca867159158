package dev.pegasus.protocol.rpc;

import java.util.Optional;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolUtil;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;

/**
 * One RPC: its code (the Thrift message name, e.g. {@code RPC_RRDB_RRDB_PUT}) and how its single
 * argument and its result travel. On the wire the argument is field 1 of an args struct and the
 * result is field 0 ("success") of a result struct, as Thrift services lay them out; a one-way RPC
 * has no result and gets no response.
 */
public final class RpcMethod<Req, Resp> {
    private static final TStruct ARGS = new TStruct("args");
    private static final TStruct RESULT = new TStruct("result");

    private final String code;
    private final Codec<Req> argument;
    private final Optional<Codec<Resp>> result;

    RpcMethod(String code, Codec<Req> argument, Optional<Codec<Resp>> result) {
        this.code = code;
        this.argument = argument;
        this.result = result;
    }

    public String code() {
        return code;
    }

    public boolean isOneway() {
        return result.isEmpty();
    }

    public void writeArgs(TProtocol out, Req request) throws TException {
        writeWrapped(out, ARGS, (short) 1, argument, request);
    }

    public Req readArgs(TProtocol in) throws TException {
        return readWrapped(in, (short) 1, argument);
    }

    public void writeResult(TProtocol out, Resp response) throws TException {
        writeWrapped(out, RESULT, (short) 0, resultCodec(), response);
    }

    public Resp readResult(TProtocol in) throws TException {
        return readWrapped(in, (short) 0, resultCodec());
    }

    private Codec<Resp> resultCodec() {
        return result.orElseThrow(() -> new IllegalStateException(code + " is one-way and has no result"));
    }

    private static <T> void writeWrapped(TProtocol out, TStruct wrapper, short fieldId, Codec<T> codec, T value)
            throws TException {
        out.writeStructBegin(wrapper);
        out.writeFieldBegin(new TField("value", codec.thriftType(), fieldId));
        codec.write(out, value);
        out.writeFieldEnd();
        out.writeFieldStop();
        out.writeStructEnd();
    }

    private <T> T readWrapped(TProtocol in, short fieldId, Codec<T> codec) throws TException {
        T value = null;
        in.readStructBegin();
        while (true) {
            TField field = in.readFieldBegin();
            if (field.type == TType.STOP) {
                break;
            }
            if (field.id == fieldId && codec.reads(field.type)) {
                value = codec.read(in);
            } else {
                TProtocolUtil.skip(in, field.type);
            }
            in.readFieldEnd();
        }
        in.readStructEnd();
        if (value == null) {
            throw new TException(code + ": message has no field " + fieldId);
        }
        return value;
    }

    @Override
    public String toString() {
        return code;
    }
}
