package dev.pegasus.checkpoint.tools;

import dev.pegasus.checkpoint.BackupManifest;
import dev.pegasus.checkpoint.BackupRepository;
import dev.pegasus.checkpoint.FileStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code backup list}: every backup under a root, complete or not. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists the backups under a backup root, oldest first per table.")
final class ListBackupsCommand implements Callable<Integer> {
    @Mixin
    BackupRootOption root;

    @Option(names = "--table", paramLabel = "TABLE", description = "only this table's backups")
    Optional<String> table;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (FileStore store = root.open()) {
            List<BackupRepository.Listing> listings = new BackupRepository(store).list().stream()
                    .filter(listing -> table.map(listing.table()::equals).orElse(true)).toList();
            if (listings.isEmpty()) {
                spec.commandLine().getOut().println("no backups under " + store.root()
                        + table.map(name -> " for table " + name).orElse(""));
                return BackupTool.OK;
            }
            TextTable out = new TextTable("TABLE", "BACKUP_ID", "STATUS", "PARTITIONS", "BYTES", "START", "END");
            for (BackupRepository.Listing listing : listings) {
                Optional<BackupManifest> manifest = listing.manifest();
                out.row(listing.table(), listing.backupId(), listing.complete() ? "complete" : "incomplete",
                        manifest.map(m -> String.valueOf(m.partitionCount())).orElse("-"),
                        manifest.map(m -> String.valueOf(m.totalBytes())).orElse("-"),
                        Instant.ofEpochMilli(Long.parseLong(listing.backupId())),
                        manifest.map(m -> Instant.ofEpochMilli(m.endTimeMs()).toString()).orElse("-"));
            }
            out.print(spec.commandLine().getOut());
            return BackupTool.OK;
        }
    }
}
