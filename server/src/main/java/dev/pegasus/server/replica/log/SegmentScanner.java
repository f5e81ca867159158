package dev.pegasus.server.replica.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the records of one segment file, telling an intact record from a bad one. It reads through a
 * window of the file that grows only to the largest record met, and checks a declared length against
 * both the format's maximum and the bytes actually left before reading that far: a corrupt length
 * costs nothing.
 */
final class SegmentScanner implements AutoCloseable {
    private static final int WINDOW_BYTES = 1 << 20;

    /** What is found at a position of the segment. */
    sealed interface Step permits Intact, Bad, End {}

    record Intact(LogRecord record, int size) implements Step {}

    /** Not a record; {@code reason} says why, for the operator. */
    record Bad(String reason) implements Step {}

    /** The position is the end of the file. */
    record End() implements Step {}

    private final Path path;
    private final FileChannel channel;
    private final long size;
    private ByteBuffer window = ByteBuffer.allocate(WINDOW_BYTES).limit(0);
    /** Invariant: {@code window} holds the file's bytes from here to here + window.limit(). */
    private long windowStart;

    private SegmentScanner(Path path, FileChannel channel, long limit) throws IOException {
        this.path = path;
        this.channel = channel;
        this.size = Math.min(channel.size(), limit);
    }

    static SegmentScanner open(Path path) {
        return openIfPresent(path, Long.MAX_VALUE)
                .orElseThrow(() -> new UncheckedIOException("cannot read log segment " + path,
                        new NoSuchFileException(path.toString())));
    }

    /**
     * Opens a segment to read no further than {@code limit} bytes, or the end of the file if that comes
     * first: the rest is treated as absent. Empty if the file does not exist, as when garbage collection
     * deleted it after the caller learned of it. Once open, a segment stays readable even if deleted.
     */
    static Optional<SegmentScanner> openIfPresent(Path path, long limit) {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read log segment " + path, e);
        }
        try {
            return Optional.of(new SegmentScanner(path, channel, limit));
        } catch (IOException e) {
            closeQuietly(channel, e);
            throw new UncheckedIOException("cannot read log segment " + path, e);
        }
    }

    private static void closeQuietly(FileChannel channel, IOException cause) {
        try {
            channel.close();
        } catch (IOException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    Path path() {
        return path;
    }

    /** The bytes this scanner reads: the file's size when opened, or less if it was opened with a limit. */
    long size() {
        return size;
    }

    Step read(long position) {
        long remaining = size - position;
        if (remaining == 0) {
            return new End();
        }
        if (remaining < RecordFormat.HEADER_BYTES) {
            return new Bad("record header cut short (" + remaining + " of " + RecordFormat.HEADER_BYTES + " bytes)");
        }
        ByteBuffer header = bytes(position, RecordFormat.HEADER_BYTES);
        byte magic = header.get(header.position());
        if (magic != RecordFormat.MAGIC) {
            return new Bad(magic == 0 ? "zero bytes where a record should start"
                    : String.format("unknown record magic 0x%02x", magic));
        }
        int length = RecordFormat.declaredLength(header);
        if (length < 0 || length > RecordFormat.MAX_PAYLOAD_BYTES) {
            return new Bad("impossible payload length " + length);
        }
        int recordBytes = RecordFormat.HEADER_BYTES + length;
        if (recordBytes > remaining) {
            return new Bad("record cut short (" + remaining + " of " + recordBytes + " bytes)");
        }
        ByteBuffer record = bytes(position, recordBytes);
        if (!RecordFormat.checksumMatches(record)) {
            return new Bad("checksum mismatch in a record of " + recordBytes + " bytes");
        }
        return new Intact(RecordFormat.decode(record), recordBytes);
    }

    /**
     * The first position at or after {@code from} where an intact record starts, trying every byte:
     * after a bad record nothing can be trusted about where the next one would begin.
     */
    OptionalLong findIntact(long from) {
        for (long position = from; position <= size - RecordFormat.HEADER_BYTES; position++) {
            if (byteAt(position) == RecordFormat.MAGIC && read(position) instanceof Intact) {
                return OptionalLong.of(position);
            }
        }
        return OptionalLong.empty();
    }

    /** Whether every byte from {@code from} to the end of the file is zero: unused preallocated space. */
    boolean zeroFrom(long from) {
        for (long position = from; position < size; ) {
            int length = (int) Math.min(WINDOW_BYTES, size - position);
            ByteBuffer chunk = bytes(position, length);
            for (int i = chunk.position(); i < chunk.limit(); i++) {
                if (chunk.get(i) != 0) {
                    return false;
                }
            }
            position += length;
        }
        return true;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte byteAt(long position) {
        cover(position, 1);
        return window.get((int) (position - windowStart));
    }

    /** The file's bytes [position, position + length), which the caller has checked exist. */
    private ByteBuffer bytes(long position, int length) {
        cover(position, length);
        return window.slice((int) (position - windowStart), length);
    }

    private void cover(long position, int length) {
        if (position < windowStart || position + length > windowStart + window.limit()) {
            fill(position, length);
        }
    }

    private void fill(long position, int length) {
        if (window.capacity() < length) {
            window = ByteBuffer.allocate(length);
        }
        window.clear().limit((int) Math.min(window.capacity(), size - position));
        try {
            while (window.hasRemaining()) {
                if (channel.read(window, position + window.position()) < 0) {
                    throw new IOException("file shrank while being read");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read log segment " + path, e);
        }
        window.flip();
        windowStart = position;
    }
}
