package dev.pegasus.bulkload;

import dev.pegasus.checkpoint.tools.MetaOption;
import dev.pegasus.client.BulkLoad;
import dev.pegasus.client.BulkLoadPartition;
import dev.pegasus.client.BulkLoadStatus;
import dev.pegasus.client.Progress;
import dev.pegasus.checkpoint.tools.TextTable;
import dev.pegasus.client.PegasusClient;
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
            List<BulkLoad> items = client.admin().bulkLoadStatus(table, load);
            TextTable loads = new TextTable("LOAD", "TABLE", "STATUS", "PARTITIONS", "RECORDS", "SIZE", "ERROR");
            for (BulkLoad item : items) {
                loads.row(item.loadId(), item.table(), name(item.status()), partitionsDone(item), item.recordCount(),
                        Progress.bytes(item.bytes()), item.error().orElse(""));
            }
            loads.print(out);
            if ((table != null || load != null) && !items.isEmpty()) {
                out.println();
                TextTable partitions = new TextTable("PARTITION", "STATUS", "REPLICAS_DOWNLOADED", "DOWNLOADED",
                        "INGEST_DECREE", "ERROR");
                for (BulkLoadPartition p : items.get(items.size() - 1).partitions()) {
                    partitions.row(p.index(), name(p.status()), p.replicasDownloaded() + "/" + p.replicaCount(),
                            Progress.bytes(p.bytesDone()) + " of " + Progress.bytes(p.bytesTotal()),
                            p.ingestDecree() > 0 ? p.ingestDecree() : "", p.error().orElse(""));
                }
                partitions.print(out);
            }
            return BulkLoadTool.OK;
        }
    }

    static String name(BulkLoadStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static String partitionsDone(BulkLoad item) {
        long downloaded = item.partitions().stream().filter(p -> p.status() == BulkLoadStatus.DOWNLOADED
                || p.status() == BulkLoadStatus.INGESTING || p.status() == BulkLoadStatus.SUCCEEDED).count();
        long ingested = item.partitions().stream().filter(p -> p.status() == BulkLoadStatus.SUCCEEDED).count();
        return downloaded + " downloaded, " + ingested + " ingested of " + item.partitionCount();
    }

    /** One line for progress output. */
    static String summary(BulkLoad item) {
        long done = item.partitions().stream().mapToLong(BulkLoadPartition::bytesDone).sum();
        long total = item.partitions().stream().mapToLong(BulkLoadPartition::bytesTotal).sum();
        return "bulk load " + item.loadId() + ": " + name(item.status()) + ", " + partitionsDone(item)
                + (item.status() == BulkLoadStatus.DOWNLOADING ? ", " + Progress.bytes(done) + " of "
                + Progress.bytes(total) + " on all replicas" : "");
    }
}
