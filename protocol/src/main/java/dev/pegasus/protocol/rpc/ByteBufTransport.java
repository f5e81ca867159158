package dev.pegasus.protocol.rpc;

import io.netty.buffer.ByteBuf;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;

/**
 * Thrift transport over a Netty buffer, so messages are encoded and decoded without copies. Reads
 * never go past the buffer's readable bytes: a length field in a corrupt message fails fast instead
 * of allocating what it claims.
 */
final class ByteBufTransport extends TTransport {
    private final ByteBuf buffer;
    private final TConfiguration configuration = new TConfiguration();

    ByteBufTransport(ByteBuf buffer) {
        this.buffer = buffer;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void open() {}

    @Override
    public void close() {}

    @Override
    public int read(byte[] target, int offset, int length) throws TTransportException {
        checkReadBytesAvailable(length);
        buffer.readBytes(target, offset, length);
        return length;
    }

    @Override
    public void write(byte[] source, int offset, int length) {
        buffer.writeBytes(source, offset, length);
    }

    @Override
    public TConfiguration getConfiguration() {
        return configuration;
    }

    @Override
    public void updateKnownMessageSize(long size) {}

    @Override
    public void checkReadBytesAvailable(long numBytes) throws TTransportException {
        if (numBytes > buffer.readableBytes()) {
            throw new TTransportException(TTransportException.END_OF_FILE,
                    "message wants " + numBytes + " bytes but only " + buffer.readableBytes() + " remain");
        }
    }
}
