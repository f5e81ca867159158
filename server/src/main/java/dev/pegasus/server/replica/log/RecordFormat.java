package dev.pegasus.server.replica.log;

import dev.pegasus.protocol.Gpid;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of one {@link LogRecord}. Stable: a log written by one version is replayed by the
 * next, so any change needs a new magic byte. All integers are big-endian.
 *
 * <pre>
 * offset  size  field
 *      0     1  magic/version   0xC1; never 0, so a zero-filled tail cannot pass for a record
 *      1     4  payload length  0 .. 64 MiB
 *      5     4  crc             CRC32C of bytes [0, 5) and [9, 41 + length): every field but itself
 *      9     4  app id
 *     13     4  partition index
 *     17     8  ballot
 *     25     8  decree
 *     33     8  last committed decree
 *     41     n  payload
 * </pre>
 *
 * <p>The length comes before the checksum so a reader knows how much to checksum; it is itself covered,
 * and bounded by {@link #MAX_PAYLOAD_BYTES}, so a corrupt length can never make a reader allocate more
 * than one legal record. Records never span segment files.
 */
final class RecordFormat {
    static final byte MAGIC = (byte) 0xC1;
    static final int HEADER_BYTES = 41;
    static final int MAX_PAYLOAD_BYTES = 64 << 20;

    private static final int LENGTH_AT = 1;
    private static final int CRC_AT = 5;
    private static final int FIELDS_AT = 9;

    private RecordFormat() {}

    static int encodedSize(LogRecord record) {
        return HEADER_BYTES + record.payload().length;
    }

    /** The encoded size, after checking the record is small enough to be logged at all. */
    static int checkedSize(LogRecord record) {
        if (record.payload().length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("a log record payload holds at most " + MAX_PAYLOAD_BYTES
                    + " bytes, got " + record.payload().length);
        }
        return encodedSize(record);
    }

    /** Writes the record at {@code out}'s position, which advances past it. */
    static void encode(LogRecord record, ByteBuffer out) {
        int start = out.position();
        out.put(MAGIC)
                .putInt(record.payload().length)
                .putInt(0)
                .putInt(record.gpid().appId())
                .putInt(record.gpid().partitionIndex())
                .putLong(record.ballot())
                .putLong(record.decree())
                .putLong(record.lastCommittedDecree())
                .put(record.payload());
        out.putInt(start + CRC_AT, checksum(out.duplicate().limit(out.position()).position(start)));
    }

    /** The payload length a header claims; {@code header} holds at least the header bytes from its position. */
    static int declaredLength(ByteBuffer header) {
        return header.getInt(header.position() + LENGTH_AT);
    }

    /** Whether the stored checksum matches; {@code record} holds exactly one encoded record. */
    static boolean checksumMatches(ByteBuffer record) {
        return record.getInt(record.position() + CRC_AT) == checksum(record);
    }

    /** Decodes a record whose checksum matched; {@code record} holds exactly one encoded record. */
    static LogRecord decode(ByteBuffer record) {
        ByteBuffer in = record.duplicate().position(record.position() + FIELDS_AT);
        Gpid gpid = new Gpid(in.getInt(), in.getInt());
        long ballot = in.getLong();
        long decree = in.getLong();
        long lastCommitted = in.getLong();
        byte[] payload = new byte[in.remaining()];
        in.get(payload);
        return new LogRecord(gpid, ballot, decree, lastCommitted, payload);
    }

    private static int checksum(ByteBuffer record) {
        int start = record.position();
        CRC32C crc = new CRC32C();
        crc.update(record.duplicate().limit(start + CRC_AT));
        crc.update(record.duplicate().position(start + FIELDS_AT));
        return (int) crc.getValue();
    }
}
