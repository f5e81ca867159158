package dev.pegasus.server.replica.log;

import static dev.pegasus.server.replica.log.LogFixtures.A;
import static dev.pegasus.server.replica.log.LogFixtures.await;
import static dev.pegasus.server.replica.log.LogFixtures.encodedSize;
import static dev.pegasus.server.replica.log.LogFixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Replay of damaged logs: a crash-torn tail is cut off and reported, damage before intact records is refused. */
class FileLogReplayTest {
    private static final int PAYLOAD = 100;
    private static final int RECORD = encodedSize(PAYLOAD);
    private static final int RECORDS = 5;

    @TempDir
    Path dir;

    private final List<MutationLog> opened = new ArrayList<>();
    private List<LogRecord> written;

    /** Changes a segment file the way a crash or a bad disk would. */
    @FunctionalInterface
    interface Damage {
        void apply(Path segment) throws IOException;
    }

    private record Replayed(List<LogRecord> records, ReplayReport report) {}

    @AfterEach
    void closeAll() {
        opened.forEach(MutationLog::close);
    }

    /** Writes {@code count} records (all in log.0 unless segments are smaller) and closes the log. */
    private Path writeLog(int count, long segmentBytes) {
        written = new ArrayList<>();
        try (FileMutationLog log = FileMutationLog.open(dir, segmentBytes)) {
            log.replay(record -> {});
            for (int decree = 1; decree <= count; decree++) {
                LogRecord record = record(A, decree, PAYLOAD);
                written.add(record);
                await(log.append(record, true));
            }
        }
        return dir.resolve("log.0");
    }

    private Replayed replay() {
        FileMutationLog log = FileMutationLog.open(dir, FileMutationLog.DEFAULT_SEGMENT_BYTES);
        opened.add(log);
        List<LogRecord> records = new ArrayList<>();
        ReplayReport report = log.replay(records::add);
        return new Replayed(records, report);
    }

    static Stream<Arguments> tornTails() {
        byte[] hugeLength = ByteBuffer.allocate(RecordFormat.HEADER_BYTES).put(RecordFormat.MAGIC)
                .putInt(Integer.MAX_VALUE).array();
        byte[] largeLegalLength = ByteBuffer.allocate(RecordFormat.HEADER_BYTES).put(RecordFormat.MAGIC)
                .putInt(60 << 20).array();
        byte[] garbage = new byte[1000];
        new Random(7).nextBytes(garbage);
        return Stream.of(
                // name, damage, records surviving, reason in the report
                Arguments.of("ends mid-header", (Damage) f -> truncate(f, 4 * RECORD + 20), 4, "header cut short"),
                Arguments.of("ends after a header", (Damage) f -> truncate(f, 4 * RECORD + RecordFormat.HEADER_BYTES), 4,
                        "record cut short"),
                Arguments.of("ends mid-payload", (Damage) f -> truncate(f, 5 * RECORD - 10), 4, "record cut short"),
                Arguments.of("bad checksum in the last record", (Damage) f -> flip(f, 5 * RECORD - 1), 4,
                        "checksum mismatch"),
                Arguments.of("zeroed record before garbage", (Damage) f -> {
                    zero(f, 4 * RECORD, RECORD);
                    append(f, garbage);
                }, 4, "zero bytes"),
                Arguments.of("huge declared length", (Damage) f -> append(f, hugeLength), 5, "impossible payload length"),
                Arguments.of("legal length past the end", (Damage) f -> append(f, largeLegalLength), 5, "record cut short"),
                Arguments.of("garbage tail", (Damage) f -> append(f, garbage), 5, "magic"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tornTails")
    void tornTailIsCutOffAndReported(String name, Damage damage, int surviving, String reason) throws IOException {
        Path segment = writeLog(RECORDS, FileMutationLog.DEFAULT_SEGMENT_BYTES);
        damage.apply(segment);

        Replayed replayed = replay();

        assertEquals(written.subList(0, surviving), replayed.records());
        assertEquals(surviving * (long) RECORD, replayed.report().bytesReplayed());
        String cut = replayed.report().truncatedTail().orElseThrow();
        assertTrue(cut.contains("log.0 at offset " + surviving * RECORD), cut);
        assertTrue(cut.contains(reason), cut);
        assertEquals(surviving * (long) RECORD, Files.size(segment), "the file is truncated to its intact records");
    }

    static Stream<Arguments> zeroTails() {
        return Stream.of(
                // name, damage, records surviving
                Arguments.of("zero-filled tail, as a preallocated segment has", (Damage) f -> append(f, new byte[8192]), 5),
                Arguments.of("last record zeroed, as a page lost in a power cut", (Damage) f -> zero(f, 4 * RECORD, RECORD), 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zeroTails")
    void zerosToTheEndOfTheLastSegmentAreWhereTheLogGoesOn(String name, Damage damage, int surviving)
            throws IOException {
        Path segment = writeLog(RECORDS, FileMutationLog.DEFAULT_SEGMENT_BYTES);
        damage.apply(segment);
        long size = Files.size(segment);

        Replayed replayed = replay();
        assertEquals(written.subList(0, surviving), replayed.records());
        assertTrue(replayed.report().truncatedTail().isEmpty(), "nothing is cut");
        assertEquals(size, Files.size(segment), "the zeros stay for the writer to overwrite");

        closeAll();
        opened.clear();
        MutationLog log = FileMutationLog.open(dir, FileMutationLog.DEFAULT_SEGMENT_BYTES);
        log.replay(record -> {});
        LogRecord next = record(A, 99, 3);
        await(log.append(next, true));
        log.close();
        List<LogRecord> expected = new ArrayList<>(written.subList(0, surviving));
        expected.add(next);
        assertEquals(expected, replay().records(), "the next record overwrites the zeros");
    }

    @Test
    void zerosEndingAnEarlierSegmentAreDamage() throws IOException {
        writeLog(4, 2L * RECORD);
        append(dir.resolve("log.0"), new byte[RECORD]);
        assertThrows(LogCorruptedException.class, this::replay);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tornTails")
    void logWithACutTailTakesNewRecordsAndReplaysCleanly(String name, Damage damage, int surviving, String reason)
            throws IOException {
        damage.apply(writeLog(RECORDS, FileMutationLog.DEFAULT_SEGMENT_BYTES));
        MutationLog log = FileMutationLog.open(dir, FileMutationLog.DEFAULT_SEGMENT_BYTES);
        log.replay(record -> {});
        LogRecord next = record(A, 99, 3);
        await(log.append(next, true));
        log.close();

        Replayed replayed = replay();
        List<LogRecord> expected = new ArrayList<>(written.subList(0, surviving));
        expected.add(next);
        assertEquals(expected, replayed.records());
        assertTrue(replayed.report().truncatedTail().isEmpty());
    }

    static Stream<Arguments> middleCorruption() {
        return Stream.of(
                // name, damage, offset of the bad record
                Arguments.of("flipped payload byte", (Damage) f -> flip(f, RECORD + 50), RECORD),
                Arguments.of("flipped decree byte", (Damage) f -> flip(f, 2 * RECORD + 30), 2 * RECORD),
                Arguments.of("bad magic in the first record", (Damage) f -> flip(f, 0), 0),
                Arguments.of("huge length", (Damage) f -> writeInt(f, RECORD + 1, Integer.MAX_VALUE), RECORD),
                Arguments.of("shortened length", (Damage) f -> writeInt(f, RECORD + 1, 50), RECORD),
                Arguments.of("lengthened length", (Damage) f -> writeInt(f, RECORD + 1, PAYLOAD + 1), RECORD),
                Arguments.of("zeroed record", (Damage) f -> zero(f, RECORD, RECORD), RECORD),
                Arguments.of("zeroed header", (Damage) f -> zero(f, 3 * RECORD, RecordFormat.HEADER_BYTES), 3 * RECORD));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("middleCorruption")
    void damageBeforeAnIntactRecordIsRefused(String name, Damage damage, long offset) throws IOException {
        Path segment = writeLog(RECORDS, FileMutationLog.DEFAULT_SEGMENT_BYTES);
        damage.apply(segment);
        long size = Files.size(segment);

        LogCorruptedException e = assertThrows(LogCorruptedException.class, this::replay);

        assertEquals(segment, e.file());
        assertEquals(offset, e.offset());
        assertTrue(e.getMessage().contains("log.0 at offset " + offset), e.getMessage());
        assertEquals(size, Files.size(segment), "nothing is cut when the damage is not a tail");
    }

    @Test
    void tornEarlierSegmentIsRefusedWhenALaterSegmentHoldsRecords() throws IOException {
        writeLog(6, 2L * RECORD);
        truncate(dir.resolve("log.0"), RECORD + 10);

        LogCorruptedException e = assertThrows(LogCorruptedException.class, this::replay);

        assertEquals(dir.resolve("log.0"), e.file());
        assertEquals(RECORD, e.offset());
        assertTrue(e.getMessage().contains("log." + 2 * RECORD), e.getMessage());
    }

    @Test
    void tornSegmentFollowedOnlyBySegmentsWithoutRecordsIsATail() throws IOException {
        writeLog(6, 2L * RECORD);
        truncate(dir.resolve("log.0"), RECORD + 10);
        truncate(dir.resolve("log." + 2 * RECORD), 0);
        zero(dir.resolve("log." + 4 * RECORD), 0, 2 * RECORD);

        Replayed replayed = replay();

        assertEquals(written.subList(0, 1), replayed.records());
        assertTrue(replayed.report().truncatedTail().orElseThrow().contains("2 later segment(s)"));
        assertFalse(Files.exists(dir.resolve("log." + 2 * RECORD)));
        assertFalse(Files.exists(dir.resolve("log." + 4 * RECORD)));
    }

    @Test
    void emptyAndZeroFilledSegmentsReplayNothing() throws IOException {
        Files.createFile(dir.resolve("log.0"));
        assertEquals(new ReplayReport(0, 0, Optional.empty()), replay().report());
        closeAll();
        opened.clear();
        append(dir.resolve("log.0"), new byte[100]);

        ReplayReport report = replay().report();
        assertEquals(new ReplayReport(0, 0, Optional.empty()), report);
        assertEquals(100, Files.size(dir.resolve("log.0")), "a zero-filled segment is an unused preallocated one");
    }

    @Test
    void otherFilesInTheDirectoryAreIgnored() throws IOException {
        writeLog(2, FileMutationLog.DEFAULT_SEGMENT_BYTES);
        Files.writeString(dir.resolve("log.notes"), "garbage");
        Files.writeString(dir.resolve("README"), "garbage");
        Files.writeString(dir.resolve("log.007"), "garbage");
        assertEquals(written, replay().records());
    }

    private static void truncate(Path file, long size) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
    }

    private static void flip(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int value = raf.read();
            raf.seek(position);
            raf.write(value ^ 0x5A);
        }
    }

    private static void zero(Path file, long position, int length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            raf.write(new byte[length]);
        }
    }

    private static void writeInt(Path file, long position, int value) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            raf.writeInt(value);
        }
    }

    private static void append(Path file, byte[] bytes) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(raf.length());
            raf.write(bytes);
        }
    }
}
