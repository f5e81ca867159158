package dev.pegasus.server.replica.log;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * How the writer makes what it wrote to a segment durable. Production uses fdatasync (file data plus
 * the size needed to read it back). Tests substitute one that holds a sync back, to show
 * deterministically that appends arriving meanwhile share the next one, or that fails, to exercise
 * the error path.
 */
@FunctionalInterface
interface SegmentSync {
    SegmentSync FDATASYNC = channel -> channel.force(false);

    void sync(FileChannel channel) throws IOException;
}
