package dev.pegasus.spark;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * Where and for what table a bulk load directory is generated in Spark.
 *
 * @param directory the load directory, any Hadoop FileSystem URI or {@code file://}
 * @param targetFileBytes the size of an SST file
 * @param workDir local directory on executors for SST files before upload; empty: their {@code java.io.tmpdir}
 * @param overwrite whether what the directory holds may be replaced; otherwise it must be empty
 */
record LoadTarget(String directory, String table, int partitionCount, long targetFileBytes, String workDir,
        boolean overwrite) implements Serializable {
    Path localWorkDir() {
        return Path.of(workDir.isEmpty() ? System.getProperty("java.io.tmpdir") : workDir);
    }
}
