package dev.pegasus.checkpoint.tools;

import dev.pegasus.client.Backup;
import dev.pegasus.client.BackupStatus;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.Progress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backup start}: asks the meta server to back a table up; by default waits for the outcome. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Backs up a table to a backup root while it keeps serving.")
final class StartBackupCommand implements Callable<Integer> {
    @Mixin
    MetaOption meta;

    @Option(names = "--table", required = true, paramLabel = "TABLE", description = "the table to back up")
    String table;

    @Option(names = "--to", required = true, paramLabel = "URI",
            description = "the backup root, e.g. hdfs://namenode:8020/pegasus/backups or file:///backups")
    String to;

    @Option(names = "--no-wait", description = "return once the backup started")
    boolean noWait;

    @Option(names = "--timeout-s", defaultValue = "86400", description = "how long to wait (default ${DEFAULT-VALUE} s)")
    long timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (PegasusClient client = meta.open()) {
            String id = client.admin().startBackup(table, to);
            out.println("backup " + id + " of table " + table + " started");
            out.flush();
            if (noWait) {
                return BackupTool.OK;
            }
            Progress.Followed<Backup> followed = Progress.follow(out, Duration.ofSeconds(timeoutSeconds),
                    () -> client.admin().backupStatus(null, id).get(0), BackupStatusCommand::summary,
                    item -> item.status() != BackupStatus.RUNNING);
            if (!followed.finished()) {
                spec.commandLine().getErr().println("error: backup " + id + " still running after " + timeoutSeconds
                        + " s; follow it with `backup status --backup " + id + "`");
                return BackupTool.FAILED;
            }
            if (followed.last().status() == BackupStatus.FAILED) {
                spec.commandLine().getErr().println("error: backup " + id + " failed: "
                        + followed.last().error().orElse(""));
                return BackupTool.FAILED;
            }
            return BackupTool.OK;
        }
    }
}
