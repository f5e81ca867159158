package dev.pegasus.bulkload;

import dev.pegasus.checkpoint.tools.MetaOption;
import dev.pegasus.client.Progress;
import dev.pegasus.client.PegasusClient;
import java.io.PrintWriter;
import java.time.Duration;
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
            BulkLoadFollower.Outcome outcome = BulkLoadFollower.follow(client, table, id,
                    Duration.ofSeconds(timeoutSeconds), Progress.printer(out));
            if (outcome.problem().isPresent()) {
                spec.commandLine().getErr().println("error: " + outcome.problem().get());
                return BulkLoadTool.FAILED;
            }
            return BulkLoadTool.OK;
        }
    }
}
