package dev.pegasus.checkpoint.tools;

import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.Progress;
import dev.pegasus.client.RestorePartition;
import dev.pegasus.client.StartedRestore;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code restore}: a new table from a backup, with progress until every partition serves. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Creates a new table from a backup; its replicas fetch and check their data, then serve.")
final class RestoreCommand implements Callable<Integer> {
    @Mixin
    MetaOption meta;

    @Option(names = "--from", required = true, paramLabel = "URI", description = "the backup root")
    String from;

    @Option(names = "--backup", required = true, paramLabel = "ID", description = "the backup's id")
    String backupId;

    @Option(names = "--as", required = true, paramLabel = "TABLE", description = "name of the new table")
    String newTable;

    @Option(names = "--table", paramLabel = "TABLE", description = "the backed-up table, if the id is ambiguous")
    Optional<String> sourceTable;

    @Option(names = "--replicas", defaultValue = "0", paramLabel = "N",
            description = "replicas of the new table (default: as the backed-up table)")
    int replicas;

    @Option(names = "--timeout-s", defaultValue = "86400", description = "how long to wait (default ${DEFAULT-VALUE} s)")
    long timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (PegasusClient client = meta.open()) {
            StartedRestore started = client.admin().startRestore(from, backupId, newTable,
                    sourceTable.orElse(null), replicas);
            out.println(started.hint());
            out.flush();
            Progress.Followed<List<RestorePartition>> followed = Progress.follow(out,
                    Duration.ofSeconds(timeoutSeconds), () -> client.admin().restoreStatus(newTable),
                    RestoreCommand::summary, partitions -> firstError(partitions).isPresent()
                            || partitions.stream().allMatch(RestorePartition::served));
            Optional<String> error = firstError(followed.last());
            if (error.isPresent()) {
                spec.commandLine().getErr().println("error: restoring " + newTable + " failed: " + error.get());
                return BackupTool.FAILED;
            }
            if (!followed.finished()) {
                spec.commandLine().getErr().println("error: " + newTable + " not restored within " + timeoutSeconds + " s");
                return BackupTool.FAILED;
            }
            out.println("table " + newTable + " restored from backup " + backupId);
            return BackupTool.OK;
        }
    }

    private static Optional<String> firstError(List<RestorePartition> partitions) {
        return partitions.stream().filter(p -> p.error().isPresent())
                .map(p -> "partition " + p.index() + ": " + p.error().get()).findFirst();
    }

    private static String summary(List<RestorePartition> partitions) {
        long served = partitions.stream().filter(RestorePartition::served).count();
        long done = partitions.stream().mapToLong(RestorePartition::bytesDone).sum();
        long total = partitions.stream().mapToLong(RestorePartition::bytesTotal).sum();
        return served + "/" + partitions.size() + " partitions serving, " + Progress.bytes(done) + " of "
                + Progress.bytes(total) + " fetched";
    }
}
