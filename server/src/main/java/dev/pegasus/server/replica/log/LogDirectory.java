package dev.pegasus.server.replica.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The directory of a file log: segment files named {@code log.<first-offset>}, where the offset counts
 * bytes from the start of the log across all segments ever written. The name alone orders segments,
 * so no manifest has to be kept consistent with them. Other files in the directory are ignored.
 */
final class LogDirectory {
    /** Canonical decimal only, so that a name maps to exactly one offset and back. */
    private static final Pattern SEGMENT_NAME = Pattern.compile("log\\.(0|[1-9]\\d{0,17})");

    /** A segment file found on disk. */
    record SegmentFile(long firstOffset, Path path) {}

    private final Path dir;

    private LogDirectory(Path dir) {
        this.dir = dir;
    }

    static LogDirectory open(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create log directory " + dir, e);
        }
        return new LogDirectory(dir);
    }

    Path path() {
        return dir;
    }

    Path pathOf(long firstOffset) {
        return dir.resolve("log." + firstOffset);
    }

    /** The segment files, oldest first. */
    List<SegmentFile> list() {
        List<SegmentFile> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.forEach(path -> {
                Matcher name = SEGMENT_NAME.matcher(path.getFileName().toString());
                if (name.matches() && Files.isRegularFile(path)) {
                    files.add(new SegmentFile(Long.parseLong(name.group(1)), path));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list log directory " + dir, e);
        }
        files.sort(Comparator.comparingLong(SegmentFile::firstOffset));
        return files;
    }

    long totalBytes() {
        long total = 0;
        for (SegmentFile file : list()) {
            try {
                total += Files.size(file.path());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return total;
    }

    /**
     * Opens a segment for appending at {@code size}, creating it if needed. The directory is synced so
     * that a new segment's name survives a power loss along with the records later synced into it.
     */
    FileChannel openForAppend(long firstOffset, long size) throws IOException {
        FileChannel channel = FileChannel.open(pathOf(firstOffset), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            channel.position(size);
            sync();
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Cuts a segment to {@code size} bytes, durably: a later crash must not bring the cut bytes back. */
    void truncate(Path segment, long size) {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(size);
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot truncate " + segment, e);
        }
    }

    void delete(Path segment) {
        try {
            Files.deleteIfExists(segment);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + segment, e);
        }
    }

    /** Makes renames, creations and deletions in the directory durable. */
    void sync() throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
