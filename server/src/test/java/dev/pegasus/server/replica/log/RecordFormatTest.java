package dev.pegasus.server.replica.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.Gpid;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RecordFormatTest {
    static Stream<LogRecord> records() {
        return Stream.of(
                new LogRecord(new Gpid(0, 0), 0, 0, 0, new byte[0]),
                new LogRecord(new Gpid(3, 5), 7, 42, 41, "put k v".getBytes(StandardCharsets.UTF_8)),
                new LogRecord(new Gpid(Integer.MAX_VALUE, Integer.MIN_VALUE), Long.MIN_VALUE, Long.MAX_VALUE, -1,
                        new byte[70_000]));
    }

    private static ByteBuffer encode(LogRecord record) {
        ByteBuffer buffer = ByteBuffer.allocate(RecordFormat.encodedSize(record));
        RecordFormat.encode(record, buffer);
        assertFalse(buffer.hasRemaining(), "encodedSize matches what encode writes");
        return buffer.flip();
    }

    @ParameterizedTest
    @MethodSource("records")
    void roundTrips(LogRecord record) {
        ByteBuffer encoded = encode(record);
        assertEquals(record.payload().length, RecordFormat.declaredLength(encoded));
        assertTrue(RecordFormat.checksumMatches(encoded));
        assertEquals(record, RecordFormat.decode(encoded));
    }

    /** The layout is a stable on-disk format: pin it byte for byte. */
    @Test
    void layoutIsPinned() {
        LogRecord record = new LogRecord(new Gpid(0x01020304, 5), 6, 7, 8, new byte[] {(byte) 0xAA, (byte) 0xBB});
        byte[] bytes = encode(record).array();

        String expectedWithoutCrc = "c1" + "00000002" + "________" + "01020304" + "00000005"
                + "0000000000000006" + "0000000000000007" + "0000000000000008" + "aabb";
        String actual = HexFormat.of().formatHex(bytes);
        assertEquals(expectedWithoutCrc.replace("________", actual.substring(10, 18)), actual);

        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, 5);
        crc.update(bytes, 9, bytes.length - 9);
        assertEquals((int) crc.getValue(), ByteBuffer.wrap(bytes).getInt(5));
    }

    @Test
    void checksumCoversEveryByte() {
        LogRecord record = new LogRecord(new Gpid(3, 5), 7, 42, 41, "payload".getBytes(StandardCharsets.UTF_8));
        byte[] good = encode(record).array();
        for (int i = 0; i < good.length; i++) {
            byte[] damaged = good.clone();
            damaged[i] ^= 0x10;
            assertFalse(RecordFormat.checksumMatches(ByteBuffer.wrap(damaged)), "flipping byte " + i + " went unnoticed");
        }
    }

    @Test
    void recordsAreValues() {
        LogRecord one = new LogRecord(new Gpid(1, 2), 3, 4, 5, new byte[] {1, 2});
        LogRecord same = new LogRecord(new Gpid(1, 2), 3, 4, 5, new byte[] {1, 2});
        assertEquals(one, same);
        assertEquals(one.hashCode(), same.hashCode());
        assertNotEquals(one, new LogRecord(new Gpid(1, 2), 3, 4, 5, new byte[] {1, 3}));
        assertArrayEquals(new byte[] {1, 2}, RecordFormat.decode(encode(one)).payload());
    }

    @Test
    void oversizedPayloadIsRefusedBeforeEncoding() {
        LogRecord huge = new LogRecord(new Gpid(1, 2), 3, 4, 5, new byte[RecordFormat.MAX_PAYLOAD_BYTES + 1]);
        assertThrows(IllegalArgumentException.class, () -> RecordFormat.checkedSize(huge));
    }
}
