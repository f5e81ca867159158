package dev.pegasus.checkpoint.tools;

import dev.pegasus.client.Backup;
import dev.pegasus.client.BackupPartition;
import dev.pegasus.client.BackupStatus;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.Progress;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backup status}: the backups the meta server knows, or one backup's progress per partition. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows backups the meta server runs or ran; with --backup, progress per partition.")
final class BackupStatusCommand implements Callable<Integer> {
    @Mixin
    MetaOption meta;

    @Option(names = "--table", paramLabel = "TABLE", description = "only this table's backups")
    Optional<String> table;

    @Option(names = "--backup", paramLabel = "ID", description = "one backup, partition by partition")
    Optional<String> backup;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (PegasusClient client = meta.open()) {
            List<Backup> items = client.admin().backupStatus(table.orElse(null), backup.orElse(null));
            if (items.isEmpty()) {
                out.println("no backups" + table.map(name -> " of table " + name).orElse(""));
                out.flush();
                return BackupTool.OK;
            }
            TextTable backups = new TextTable("BACKUP_ID", "TABLE", "STATUS", "PARTITIONS", "BYTES", "START", "SECONDS",
                    "POLICY", "ROOT", "ERROR");
            for (Backup item : items) {
                long start = item.startTime().toEpochMilli();
                long end = item.endTime().map(Instant::toEpochMilli).orElseGet(System::currentTimeMillis);
                backups.row(item.backupId(), item.table(), status(item.status()),
                        uploaded(item) + "/" + item.partitionCount(), Progress.bytes(bytesDone(item)),
                        item.startTime(), (end - start) / 1000, item.policy().orElse("-"), item.root(),
                        item.error().orElse("-"));
            }
            backups.print(out);
            if (backup.isPresent()) {
                out.println();
                TextTable partitions = new TextTable("PARTITION", "PHASE", "DECREE", "FILES", "BYTES", "NODE", "ERROR");
                for (BackupPartition progress : items.get(0).partitions()) {
                    partitions.row(progress.index(), progress.phase(), progress.decree(),
                            progress.filesDone() + "/" + progress.filesTotal(),
                            Progress.bytes(progress.bytesDone()) + "/" + Progress.bytes(progress.bytesTotal()),
                            progress.node().orElse("-"), progress.error().orElse("-"));
                }
                partitions.print(out);
            }
            return BackupTool.OK;
        }
    }

    /** One line: where a backup stands. */
    static String summary(Backup item) {
        return "backup " + item.backupId() + ": " + status(item.status()) + ", " + uploaded(item) + "/"
                + item.partitionCount() + " partitions uploaded, " + Progress.bytes(bytesDone(item))
                + item.error().map(error -> " (" + error + ")").orElse("");
    }

    private static String status(BackupStatus status) {
        return switch (status) {
            case RUNNING -> "running";
            case SUCCEEDED -> "succeeded";
            case FAILED -> "failed";
        };
    }

    private static long uploaded(Backup item) {
        return item.partitions().stream().filter(p -> "UPLOADED".equals(p.phase())).count();
    }

    private static long bytesDone(Backup item) {
        return item.partitions().stream().mapToLong(BackupPartition::bytesDone).sum();
    }
}
