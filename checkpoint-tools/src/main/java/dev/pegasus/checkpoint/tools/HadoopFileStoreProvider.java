package dev.pegasus.checkpoint.tools;

import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.checkpoint.FileStoreProvider;
import java.io.IOException;
import java.net.URI;

/**
 * Opens every scheme but {@code file} through Hadoop's FileSystem: {@code file://} stays on the local
 * file store, which needs no Hadoop. The Hadoop configuration comes from the classpath and from
 * {@code HADOOP_CONF_DIR} (see {@link HadoopConfigurations}).
 *
 * <p>No Hadoop type appears in this class's signature, so the service loader can list it in a
 * process that has the tools' jar without Hadoop's.
 */
public final class HadoopFileStoreProvider implements FileStoreProvider {
    @Override
    public boolean supports(String scheme) {
        return !scheme.equals("file");
    }

    @Override
    public FileStore open(URI root) throws IOException {
        return HadoopFileStore.open(root, HadoopConfigurations.fromEnvironment());
    }
}
