package dev.pegasus.checkpoint.tools;

import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.checkpoint.FileStores;
import java.io.IOException;
import picocli.CommandLine.Option;

/** {@code --from URI}: the backup root a subcommand reads. */
final class BackupRootOption {
    @Option(names = "--from", required = true, paramLabel = "URI",
            description = "the backup root, e.g. hdfs://namenode:8020/pegasus/backups or file:///backups")
    String from;

    FileStore open() throws IOException {
        return FileStores.open(from);
    }
}
