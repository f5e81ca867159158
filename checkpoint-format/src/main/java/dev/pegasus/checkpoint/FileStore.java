package dev.pegasus.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A directory tree somewhere (the local disk, HDFS, any Hadoop FileSystem) that backups are written
 * to and read from. Paths are relative to {@link #root()}, with '/' between names; "" is the root.
 *
 * <p>Contract every implementation keeps, because backups rely on it: a file written with
 * {@link #create} becomes visible under its final name only through {@link #rename}, which replaces
 * any file of that name; so a file under its final name was written whole. Implementations are
 * thread-safe.
 */
public interface FileStore extends AutoCloseable {
    /** Where this store is rooted, e.g. {@code hdfs://127.0.0.1:9000/backups}. */
    URI root();

    /** The file's length in bytes, or empty when no file is there (a directory is not a file). */
    Optional<Long> length(String path) throws IOException;

    /** Whether a file or directory is there. */
    boolean exists(String path) throws IOException;

    /** Names of the entries directly under a directory, sorted; empty when it does not exist. */
    List<String> list(String dir) throws IOException;

    InputStream open(String path) throws IOException;

    /** Creates (or truncates) a file, creating its parent directories. */
    OutputStream create(String path) throws IOException;

    /** Moves a file to {@code to}, replacing a file there, creating the parent directories. */
    void rename(String from, String to) throws IOException;

    /** Deletes a file or a whole directory tree; nothing happens when nothing is there. */
    void delete(String path) throws IOException;

    @Override
    default void close() throws IOException {
    }

    /** The full address of a path, for messages. */
    default String describe(String path) {
        String root = root().toString();
        return path.isEmpty() ? root : root.endsWith("/") ? root + path : root + "/" + path;
    }
}
