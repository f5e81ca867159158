package dev.pegasus.server.replica.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/** File logs with I/O errors injected at their file layer, for tests of what a failed log costs. */
public final class FlakyLogs {
    private FlakyLogs() {}

    /** A file log in {@code dir} whose fsyncs fail while {@code failing} says so. */
    public static MutationLog open(Path dir, BooleanSupplier failing) {
        return FileMutationLog.open(dir, FileMutationLog.DEFAULT_SEGMENT_BYTES, true, channel -> {
            if (failing.getAsBoolean()) {
                throw new IOException("Input/output error (injected into fsync)");
            }
            SegmentSync.FDATASYNC.sync(channel);
        });
    }
}
