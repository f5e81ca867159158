package dev.pegasus.bulkload;

import dev.pegasus.checkpoint.tools.MetaOption;
import dev.pegasus.client.Progress;
import dev.pegasus.checkpoint.tools.TextTable;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.protocol.thrift.bulk_load_item;
import dev.pegasus.protocol.thrift.bulk_load_partition_progress;
import dev.pegasus.protocol.thrift.bulk_load_state;
import dev.pegasus.protocol.thrift.bulk_load_status;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bulkload status}: the loads the meta server knows; per partition for one table or load. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Shows bulk loads and their progress.")
final class BulkLoadStatusCommand implements Callable<Integer> {
    @Mixin
    MetaOption meta;

    @Option(names = "--table", paramLabel = "TABLE", description = "only this table's loads, with its latest per partition")
    String table;

    @Option(names = "--load", paramLabel = "ID", description = "only this load, per partition")
    String load;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (PegasusClient client = meta.open()) {
            List<bulk_load_item> items = client.admin().bulkLoadStatus(table, load);
            TextTable loads = new TextTable("LOAD", "TABLE", "STATUS", "PARTITIONS", "RECORDS", "SIZE", "ERROR");
            for (bulk_load_item item : items) {
                bulk_load_state state = item.getState();
                loads.row(state.getLoad_id(), state.getApp_name(), name(state.getStatus()), partitionsDone(item),
                        state.getRecord_count(), Progress.bytes(state.getBytes()),
                        state.isSetError() ? state.getError() : "");
            }
            loads.print(out);
            if ((table != null || load != null) && !items.isEmpty()) {
                out.println();
                TextTable partitions = new TextTable("PARTITION", "STATUS", "REPLICAS_DOWNLOADED", "DOWNLOADED",
                        "INGEST_DECREE", "ERROR");
                for (bulk_load_partition_progress p : items.get(items.size() - 1).getProgress()) {
                    partitions.row(p.getIndex(), name(p.getStatus()), p.getReplicas_downloaded() + "/"
                                    + p.getReplica_count(), Progress.bytes(p.getBytes_done()) + " of "
                                    + Progress.bytes(p.getBytes_total()), p.getIngest_decree() > 0 ? p.getIngest_decree() : "",
                            p.isSetError() ? p.getError() : "");
                }
                partitions.print(out);
            }
            return BulkLoadTool.OK;
        }
    }

    static String name(bulk_load_status status) {
        return status.name().substring("BLS_".length()).toLowerCase(Locale.ROOT);
    }

    private static String partitionsDone(bulk_load_item item) {
        long downloaded = item.getState().getPartitions().stream().filter(p -> p.getStatus() == bulk_load_status.BLS_DOWNLOADED
                || p.getStatus() == bulk_load_status.BLS_INGESTING || p.getStatus() == bulk_load_status.BLS_SUCCEEDED).count();
        long ingested = item.getState().getPartitions().stream().filter(p -> p.getStatus() == bulk_load_status.BLS_SUCCEEDED)
                .count();
        return downloaded + " downloaded, " + ingested + " ingested of " + item.getState().getPartition_count();
    }

    /** One line for progress output. */
    static String summary(bulk_load_item item) {
        bulk_load_state state = item.getState();
        long done = item.getProgress().stream().mapToLong(bulk_load_partition_progress::getBytes_done).sum();
        long total = item.getProgress().stream().mapToLong(bulk_load_partition_progress::getBytes_total).sum();
        return "bulk load " + state.getLoad_id() + ": " + name(state.getStatus()) + ", " + partitionsDone(item)
                + (state.getStatus() == bulk_load_status.BLS_DOWNLOADING ? ", " + Progress.bytes(done) + " of "
                + Progress.bytes(total) + " on all replicas" : "");
    }
}
