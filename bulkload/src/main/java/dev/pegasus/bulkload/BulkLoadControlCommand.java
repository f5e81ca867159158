package dev.pegasus.bulkload;

import dev.pegasus.checkpoint.tools.MetaOption;
import dev.pegasus.client.BulkLoadControl;
import dev.pegasus.client.PegasusClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bulkload pause|resume|cancel}: steers a table's load before its ingestion begins. */
abstract class BulkLoadControlCommand implements Callable<Integer> {
    @Mixin
    MetaOption meta;

    @Option(names = "--table", required = true, paramLabel = "TABLE", description = "the table whose load to steer")
    String table;

    @Spec
    CommandSpec spec;

    abstract BulkLoadControl control();

    @Override
    public Integer call() {
        try (PegasusClient client = meta.open()) {
            spec.commandLine().getOut().println(client.admin().controlBulkLoad(table, control()));
            spec.commandLine().getOut().flush();
            return BulkLoadTool.OK;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Stops transfers of a downloading load; downloaded files are kept.")
    static final class Pause extends BulkLoadControlCommand {
        @Override
        BulkLoadControl control() {
            return BulkLoadControl.PAUSE;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resumes a paused load.")
    static final class Resume extends BulkLoadControlCommand {
        @Override
        BulkLoadControl control() {
            return BulkLoadControl.RESUME;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancels a load that has not begun ingesting; the table keeps its data unchanged.")
    static final class Cancel extends BulkLoadControlCommand {
        @Override
        BulkLoadControl control() {
            return BulkLoadControl.CANCEL;
        }
    }
}
