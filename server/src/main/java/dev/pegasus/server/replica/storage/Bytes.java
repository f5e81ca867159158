package dev.pegasus.server.replica.storage;

import java.nio.ByteBuffer;

/** Conversions for Thrift binary fields, which are null when the sender left them out. */
final class Bytes {
    static final byte[] EMPTY = new byte[0];

    private Bytes() {}

    /** An absent field reads as empty, as it does in Pegasus's C++ server. */
    static byte[] of(byte[] field) {
        return field == null ? EMPTY : field;
    }

    /** A copy of the remaining bytes, leaving the buffer's position alone. */
    static byte[] of(ByteBuffer field) {
        if (field == null) {
            return EMPTY;
        }
        byte[] bytes = new byte[field.remaining()];
        field.duplicate().get(bytes);
        return bytes;
    }

    /** The smallest key greater than {@code key}: turns an inclusive bound into an exclusive one. */
    static byte[] successor(byte[] key) {
        byte[] next = new byte[key.length + 1];
        System.arraycopy(key, 0, next, 0, key.length);
        return next;
    }
}
