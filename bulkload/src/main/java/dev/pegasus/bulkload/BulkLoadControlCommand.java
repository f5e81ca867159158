package dev.pegasus.bulkload;

import dev.pegasus.checkpoint.tools.MetaOption;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.protocol.thrift.bulk_load_control;
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

    abstract bulk_load_control control();

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
        bulk_load_control control() {
            return bulk_load_control.BLC_PAUSE;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resumes a paused load.")
    static final class Resume extends BulkLoadControlCommand {
        @Override
        bulk_load_control control() {
            return bulk_load_control.BLC_RESUME;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancels a load that has not begun ingesting; the table keeps its data unchanged.")
    static final class Cancel extends BulkLoadControlCommand {
        @Override
        bulk_load_control control() {
            return bulk_load_control.BLC_CANCEL;
        }
    }
}
