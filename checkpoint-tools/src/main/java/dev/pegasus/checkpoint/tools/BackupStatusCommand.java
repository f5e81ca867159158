package dev.pegasus.checkpoint.tools;

import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.Progress;
import dev.pegasus.protocol.thrift.backup_item;
import dev.pegasus.protocol.thrift.backup_partition_progress;
import dev.pegasus.protocol.thrift.backup_state;
import dev.pegasus.protocol.thrift.backup_status;
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
            List<backup_item> items = client.admin().backupStatus(table.orElse(null), backup.orElse(null));
            if (items.isEmpty()) {
                out.println("no backups" + table.map(name -> " of table " + name).orElse(""));
                out.flush();
                return BackupTool.OK;
            }
            TextTable backups = new TextTable("BACKUP_ID", "TABLE", "STATUS", "PARTITIONS", "BYTES", "START", "SECONDS",
                    "POLICY", "ROOT", "ERROR");
            for (backup_item item : items) {
                backup_state state = item.getState();
                long end = state.getEnd_time_ms() > 0 ? state.getEnd_time_ms() : System.currentTimeMillis();
                backups.row(state.getBackup_id(), state.getApp_name(), status(state.getStatus()),
                        uploaded(item) + "/" + state.getPartition_count(), Progress.bytes(bytesDone(item)),
                        Instant.ofEpochMilli(state.getStart_time_ms()), (end - state.getStart_time_ms()) / 1000,
                        state.isSetPolicy_name() ? state.getPolicy_name() : "-", state.getRoot(),
                        state.isSetError() ? state.getError() : "-");
            }
            backups.print(out);
            if (backup.isPresent()) {
                out.println();
                TextTable partitions = new TextTable("PARTITION", "PHASE", "DECREE", "FILES", "BYTES", "NODE", "ERROR");
                for (backup_partition_progress progress : items.get(0).getProgress()) {
                    partitions.row(progress.getIndex(), progress.getPhase(), progress.getDecree(),
                            progress.getFiles_done() + "/" + progress.getFiles_total(),
                            Progress.bytes(progress.getBytes_done()) + "/" + Progress.bytes(progress.getBytes_total()),
                            progress.isSetNode() ? progress.getNode() : "-",
                            progress.isSetError() ? progress.getError() : "-");
                }
                partitions.print(out);
            }
            return BackupTool.OK;
        }
    }

    /** One line: where a backup stands. */
    static String summary(backup_item item) {
        backup_state state = item.getState();
        return "backup " + state.getBackup_id() + ": " + status(state.getStatus()) + ", " + uploaded(item) + "/"
                + state.getPartition_count() + " partitions uploaded, " + Progress.bytes(bytesDone(item))
                + (state.isSetError() ? " (" + state.getError() + ")" : "");
    }

    private static String status(backup_status status) {
        return switch (status) {
            case BS_RUNNING -> "running";
            case BS_SUCCEEDED -> "succeeded";
            case BS_FAILED -> "failed";
        };
    }

    private static long uploaded(backup_item item) {
        return item.getProgress().stream().filter(p -> "UPLOADED".equals(p.getPhase())).count();
    }

    private static long bytesDone(backup_item item) {
        return item.getProgress().stream().mapToLong(backup_partition_progress::getBytes_done).sum();
    }
}
