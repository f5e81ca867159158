package dev.pegasus.server.replica.log;

import java.nio.file.Path;

/**
 * A log is damaged somewhere other than its tail: an intact record follows a bad one. A crash can only
 * tear the tail, so this means lost or altered data; replay refuses to guess and stops the start-up
 * instead of silently dropping acknowledged mutations.
 */
public final class LogCorruptedException extends RuntimeException {
    private final transient Path file;
    private final long offset;

    public LogCorruptedException(Path file, long offset, String detail) {
        super(file + " at offset " + offset + ": " + detail);
        this.file = file;
        this.offset = offset;
    }

    /** The segment file holding the bad record. */
    public Path file() {
        return file;
    }

    /** Where the bad record starts, in bytes from the start of {@link #file()}. */
    public long offset() {
        return offset;
    }
}
