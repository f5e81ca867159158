package dev.pegasus.checkpoint;

import java.io.IOException;

/** A backup is missing a file, or a file is shorter, longer or different than its manifest says. */
public final class CorruptBackupException extends IOException {
    public CorruptBackupException(String message) {
        super(message);
    }

    public CorruptBackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
