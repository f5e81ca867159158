package dev.pegasus.bulkload;

import dev.pegasus.checkpoint.tools.MetaOption;
import dev.pegasus.client.Progress;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.protocol.thrift.bulk_load_item;
import dev.pegasus.protocol.thrift.bulk_load_status;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bulkload start}: asks the meta server to load a directory into a table; by default waits for the outcome. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Has every replica of a table download and ingest a generated bulk load directory.")
final class StartBulkLoadCommand implements Callable<Integer> {
    @Mixin
    MetaOption meta;

    @Option(names = "--table", required = true, paramLabel = "TABLE", description = "the table to load into")
    String table;

    @Option(names = "--from", required = true, paramLabel = "URI", description = "the directory `generate` wrote")
    String from;

    @Option(names = "--no-wait", description = "return once the load started")
    boolean noWait;

    @Option(names = "--timeout-s", defaultValue = "86400", description = "how long to wait (default ${DEFAULT-VALUE} s)")
    long timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (PegasusClient client = meta.open()) {
            String id = client.admin().startBulkLoad(table, from);
            out.println("bulk load " + id + " into table " + table + " started");
            out.flush();
            if (noWait) {
                return BulkLoadTool.OK;
            }
            Progress.Followed<bulk_load_item> followed = Progress.follow(out, Duration.ofSeconds(timeoutSeconds),
                    () -> client.admin().bulkLoadStatus(null, id).get(0), BulkLoadStatusCommand::summary,
                    item -> !EnumSet.of(bulk_load_status.BLS_DOWNLOADING, bulk_load_status.BLS_INGESTING)
                            .contains(item.getState().getStatus()));
            if (!followed.finished()) {
                spec.commandLine().getErr().println("error: bulk load " + id + " still running after " + timeoutSeconds
                        + " s; follow it with `bulkload status --table " + table + "`");
                return BulkLoadTool.FAILED;
            }
            bulk_load_status status = followed.last().getState().getStatus();
            if (status != bulk_load_status.BLS_SUCCEEDED) {
                spec.commandLine().getErr().println("error: bulk load " + id + " " + BulkLoadStatusCommand.name(status)
                        + (followed.last().getState().isSetError() ? ": " + followed.last().getState().getError() : ""));
                return BulkLoadTool.FAILED;
            }
            return BulkLoadTool.OK;
        }
    }
}
