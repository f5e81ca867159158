package dev.pegasus.checkpoint;

import java.io.IOException;
import java.net.URI;

/**
 * Opens file stores for some URI schemes. Found with {@link java.util.ServiceLoader}, so a store
 * that needs heavy libraries (Hadoop) is only on the classpath of the processes that use it.
 */
public interface FileStoreProvider {
    /** Whether this provider opens URIs of the scheme (lower case, e.g. "hdfs"). */
    boolean supports(String scheme);

    FileStore open(URI root) throws IOException;
}
