package dev.pegasus.protocol.thrift;

import java.util.Comparator;
import java.util.Objects;
import org.apache.thrift.TBase;
import org.apache.thrift.TException;
import org.apache.thrift.TFieldIdEnum;
import org.apache.thrift.protocol.TProtocol;

/**
 * A host name and port, as Apache Pegasus's {@code hp_*} fields carry them: declared a struct in the
 * IDL (so a field or list of them has a STRUCT header) but written bare, a string, an i16 and a byte
 * with no field headers and no stop, the way its own hand-written class writes it. The IDL compiler
 * cannot produce that, so this class stands in for the generated one (generate-thrift.sh removes it).
 */
// The value has no inner fields on the wire, so it names none: its field type is the interface itself.
public final class host_port implements TBase<host_port, TFieldIdEnum>, Cloneable {
    private static final long serialVersionUID = 1L;

    /** The address types of Apache Pegasus's host_port; only IPv4 hosts are used here. */
    public static final byte TYPE_INVALID = 0;
    public static final byte TYPE_IPV4 = 1;

    private static final Comparator<host_port> ORDER = Comparator.comparing((host_port hp) -> hp.host,
            Comparator.nullsFirst(Comparator.naturalOrder())).thenComparingInt(hp -> hp.port).thenComparingInt(hp -> hp.type);

    public String host;
    /** The port as an unsigned 16-bit number. */
    public int port;
    public byte type;

    public host_port() {}

    public host_port(String host, int port) {
        this.host = host;
        this.port = port;
        this.type = TYPE_IPV4;
    }

    public host_port(host_port other) {
        this.host = other.host;
        this.port = other.port;
        this.type = other.type;
    }

    @Override
    public void read(TProtocol in) throws TException {
        host = in.readString();
        port = in.readI16() & 0xffff;
        type = in.readByte();
    }

    @Override
    public void write(TProtocol out) throws TException {
        out.writeString(host == null ? "" : host);
        out.writeI16((short) port);
        out.writeByte(type);
    }

    /** Nothing to check: every value read or built is well-formed. */
    public void validate() {}

    @Override
    public TFieldIdEnum fieldForId(int fieldId) {
        return null;
    }

    @Override
    public boolean isSet(TFieldIdEnum field) {
        return false;
    }

    @Override
    public Object getFieldValue(TFieldIdEnum field) {
        throw new IllegalArgumentException("host_port has no fields by id, not " + field);
    }

    @Override
    public void setFieldValue(TFieldIdEnum field, Object value) {
        throw new IllegalArgumentException("host_port has no fields by id, not " + field);
    }

    @Override
    public host_port deepCopy() {
        return new host_port(this);
    }

    @Override
    public void clear() {
        host = null;
        port = 0;
        type = TYPE_INVALID;
    }

    @Override
    public int compareTo(host_port other) {
        return ORDER.compare(this, other);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof host_port that && Objects.equals(host, that.host) && port == that.port
                && type == that.type;
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, type);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
