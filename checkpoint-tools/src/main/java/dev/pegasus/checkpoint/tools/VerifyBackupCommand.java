package dev.pegasus.checkpoint.tools;

import dev.pegasus.checkpoint.BackupManifest;
import dev.pegasus.checkpoint.BackupRepository;
import dev.pegasus.checkpoint.FileStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backup verify}: re-reads a backup's files and records; fails when any partition is damaged. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Checks every file of a backup against its manifest (size and CRC32C) and reads every "
                + "record, counting the live ones per partition. Exits with 1 when any partition is damaged.")
final class VerifyBackupCommand implements Callable<Integer> {
    @Mixin
    BackupRootOption root;

    @Option(names = "--backup", required = true, paramLabel = "ID", description = "the backup id")
    String backupId;

    @Option(names = "--table", paramLabel = "TABLE",
            description = "the backup's table (found by the backup id when left out)")
    Optional<String> table;

    @Option(names = "--staging-dir", paramLabel = "DIR",
            description = "local directory to stage one partition at a time in (default: java.io.tmpdir)")
    Optional<Path> stagingDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (FileStore store = root.open()) {
            BackupRepository repository = new BackupRepository(store);
            BackupManifest backup = table.isPresent() ? repository.manifest(table.get(), backupId)
                    : repository.find(backupId);
            SnapshotReadOptions options = SnapshotReadOptions.defaults();
            if (stagingDir.isPresent()) {
                options = options.withStagingParent(stagingDir.get());
            }
            BackupVerifier.Report report = new BackupVerifier(repository, options).verify(backup);
            print(report, spec.commandLine().getOut());
            if (!report.ok()) {
                BackupVerifier.PartitionReport first = report.damaged().get(0);
                spec.commandLine().getErr().println("error: backup " + backup.backupId() + " of table "
                        + backup.tableName() + " is damaged: " + report.damaged().size() + " of "
                        + backup.partitionCount() + " partitions unreadable; partition " + first.index() + ": "
                        + first.error().orElseThrow());
                spec.commandLine().getErr().flush();
                return BackupTool.FAILED;
            }
            return BackupTool.OK;
        }
    }

    private static void print(BackupVerifier.Report report, PrintWriter out) {
        BackupManifest backup = report.backup();
        out.println("backup " + backup.backupId() + " of table " + backup.tableName() + " (app id " + backup.appId()
                + "), " + backup.partitionCount() + " partitions");
        TextTable table = new TextTable("PARTITION", "DECREE", "FILES", "BYTES", "LIVE_RECORDS", "EXPIRED", "STATUS");
        for (BackupVerifier.PartitionReport partition : report.partitions()) {
            table.row(partition.index(), partition.decree(), partition.files(), partition.bytes(),
                    partition.ok() ? partition.liveRecords() : "-", partition.ok() ? partition.expiredRecords() : "-",
                    partition.error().map(error -> "DAMAGED: " + error).orElse("ok"));
        }
        table.row("total", "", report.partitions().stream().mapToInt(BackupVerifier.PartitionReport::files).sum(),
                report.bytes(), report.liveRecords(), report.expiredRecords(),
                report.ok() ? "ok" : report.damaged().size() + " damaged");
        table.print(out);
    }
}
