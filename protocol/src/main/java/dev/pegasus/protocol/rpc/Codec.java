package dev.pegasus.protocol.rpc;

import java.util.function.Supplier;
import org.apache.thrift.TBase;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TType;

/** Reads and writes one Thrift value of type {@code T}: the argument or result of an RPC. */
public interface Codec<T> {
    /** The type written in the field header. */
    byte thriftType();

    /** Whether a field of this type on the wire holds this value. */
    default boolean reads(byte type) {
        return type == thriftType();
    }

    void write(TProtocol out, T value) throws TException;

    T read(TProtocol in) throws TException;

    static <T extends TBase<?, ?>> Codec<T> struct(Supplier<T> factory) {
        return new Codec<>() {
            @Override
            public byte thriftType() {
                return TType.STRUCT;
            }

            @Override
            public void write(TProtocol out, T value) throws TException {
                value.write(out);
            }

            @Override
            public T read(TProtocol in) throws TException {
                T value = factory.get();
                value.read(in);
                return value;
            }
        };
    }

    /**
     * A blob argument, e.g. the key of a get: a bare binary under a STRUCT header, as Apache Pegasus's
     * hand-written blob type writes it; a STRING header is read too.
     */
    Codec<byte[]> BLOB = new Codec<>() {
        @Override
        public byte thriftType() {
            return TType.STRUCT;
        }

        @Override
        public boolean reads(byte type) {
            return type == TType.STRUCT || type == TType.STRING;
        }

        @Override
        public void write(TProtocol out, byte[] value) throws TException {
            out.writeBinary(java.nio.ByteBuffer.wrap(value));
        }

        @Override
        public byte[] read(TProtocol in) throws TException {
            java.nio.ByteBuffer buffer = in.readBinary();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        }
    };

    Codec<String> STRING = new Codec<>() {
        @Override
        public byte thriftType() {
            return TType.STRING;
        }

        @Override
        public void write(TProtocol out, String value) throws TException {
            out.writeString(value);
        }

        @Override
        public String read(TProtocol in) throws TException {
            return in.readString();
        }
    };

    Codec<Long> I64 = new Codec<>() {
        @Override
        public byte thriftType() {
            return TType.I64;
        }

        @Override
        public void write(TProtocol out, Long value) throws TException {
            out.writeI64(value);
        }

        @Override
        public Long read(TProtocol in) throws TException {
            return in.readI64();
        }
    };
}
