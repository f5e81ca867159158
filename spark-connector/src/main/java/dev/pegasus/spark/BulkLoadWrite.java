package dev.pegasus.spark;

import dev.pegasus.bulkload.BulkLoadFollower;
import dev.pegasus.bulkload.LoadTotals;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusException;
import dev.pegasus.client.Progress;
import dev.pegasus.client.TableConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bulk-load write, run on the driver: checks the table, generates a load directory of its own
 * under the staging directory ({@code STAGING/TABLE/MILLIS}) with the table's partition count, has
 * the table ingest it through the meta server (as {@code bulkload start} does) and follows the load
 * until it ends. Fails with the load's error when it does not succeed; the directory stays either
 * way, as a replica that replays the ingestion from its log reads it again.
 *
 * <p>A user watches the write where Spark shows things: the generating job carries a description in
 * Spark's UI, and the progress lines and the closing summary go to the logger
 * {@code dev.pegasus.spark.progress} at WARN, the level Spark's shells show by default (INFO lines are
 * hidden there, and a load can take minutes).
 */
final class BulkLoadWrite {
    private static final Logger PROGRESS = LoggerFactory.getLogger("dev.pegasus.spark.progress");

    private final BulkLoadOptions options;
    private final WriteSchema schema;

    BulkLoadWrite(BulkLoadOptions options, WriteSchema schema) {
        this.options = options;
        this.schema = schema;
    }

    void run(Dataset<Row> data) {
        long startedAt = System.nanoTime();
        try (PegasusClient client = ExecutorClients.open(options.meta(), options.timeout())) {
            TableConfiguration table = tableOf(client);
            String directory = options.staging().replaceAll("/+$", "") + "/" + options.table() + "/"
                    + System.currentTimeMillis();
            PROGRESS.warn("bulk load into table {}: generating {} partitions of SST files under {}", options.table(),
                    table.partitionCount(), directory);
            LoadTotals totals = generate(data, new LoadTarget(directory, options.table(), table.partitionCount(),
                    options.targetFileBytes(), options.workDir(), false));
            long generatedAt = System.nanoTime();
            String id = start(client, directory);
            PROGRESS.warn("bulk load {} of {} records ({} in {} files) into table {} started from {}", id,
                    totals.records(), Progress.bytes(totals.bytes()), totals.files(), options.table(), directory);
            BulkLoadFollower.Outcome outcome = BulkLoadFollower.follow(client, options.table(), id,
                    options.loadTimeout(), line -> PROGRESS.warn("bulk load into table {}: {}", options.table(), line));
            if (outcome.problem().isPresent()) {
                throw new IllegalStateException("the bulk load into table '" + options.table() + "' did not succeed: "
                        + outcome.problem().get() + " (its files are at " + directory + ")");
            }
            long endedAt = System.nanoTime();
            PROGRESS.warn("bulk load {} into table {} succeeded: {} records, {} in {} files over {} partitions in {}"
                    + " (generation {}, download and ingestion {})", id, options.table(), totals.records(),
                    Progress.bytes(totals.bytes()), totals.files(), table.partitionCount(),
                    seconds(endedAt - startedAt), seconds(generatedAt - startedAt), seconds(endedAt - generatedAt));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot generate the bulk load for table '" + options.table() + "' under "
                    + options.staging() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the bulk load into table '"
                    + options.table() + "'", e);
        }
    }

    /** Runs the generating job under a description naming the load, shown in Spark's UI. */
    private LoadTotals generate(Dataset<Row> data, LoadTarget target) throws IOException {
        SparkContext spark = data.sparkSession().sparkContext();
        String previous = spark.getLocalProperty("spark.job.description");
        spark.setJobDescription("Pegasus bulk load into table '" + target.table() + "': generating "
                + target.partitionCount() + " partitions of SST files under " + target.directory());
        try {
            return LoadDirectoryWriter.write(data, schema, options.defaultTtlSeconds(), target);
        } finally {
            spark.setJobDescription(previous);
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** The table's partitioning, read before anything is generated, so that a typo fails the write at once. */
    private TableConfiguration tableOf(PegasusClient client) {
        try {
            return client.admin().queryConfig(options.table());
        } catch (PegasusException e) {
            throw new IllegalArgumentException("cannot bulk load into table '" + options.table() + "' of the cluster"
                    + " at " + options.meta() + ": " + e.getMessage(), e);
        }
    }

    private String start(PegasusClient client, String directory) {
        try {
            return client.admin().startBulkLoad(options.table(), directory);
        } catch (PegasusException e) {
            throw new IllegalStateException("the meta server refused the bulk load into table '" + options.table()
                    + "' from " + directory + ": " + e.getMessage(), e);
        }
    }
}
