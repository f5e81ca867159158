package dev.pegasus.spark;

import dev.pegasus.bulkload.BulkLoadFollower;
import dev.pegasus.bulkload.LoadTotals;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusException;
import dev.pegasus.client.TableConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bulk-load write, run on the driver: checks the table, generates a load directory of its own
 * under the staging directory ({@code STAGING/TABLE/MILLIS}) with the table's partition count, has
 * the table ingest it through the meta server (as {@code bulkload start} does) and follows the load
 * until it ends, logging its progress. Fails with the load's error when it does not succeed; the
 * directory stays either way, as a replica that replays the ingestion from its log reads it again.
 */
final class BulkLoadWrite {
    private static final Logger LOG = LoggerFactory.getLogger(BulkLoadWrite.class);

    private final BulkLoadOptions options;
    private final WriteSchema schema;

    BulkLoadWrite(BulkLoadOptions options, WriteSchema schema) {
        this.options = options;
        this.schema = schema;
    }

    void run(Dataset<Row> data) {
        try (PegasusClient client = ExecutorClients.open(options.meta(), options.timeout())) {
            TableConfiguration table = tableOf(client);
            String directory = options.staging().replaceAll("/+$", "") + "/" + options.table() + "/"
                    + System.currentTimeMillis();
            LoadTotals totals = LoadDirectoryWriter.write(data, schema, options.defaultTtlSeconds(),
                    new LoadTarget(directory, options.table(), table.partitionCount(), options.targetFileBytes(),
                            options.workDir(), false));
            String id = start(client, directory);
            LOG.info("bulk load {} of {} records into table {} started from {}", id, totals.records(),
                    options.table(), directory);
            BulkLoadFollower.Outcome outcome = BulkLoadFollower.follow(client, options.table(), id,
                    options.loadTimeout(), LOG::info);
            if (outcome.problem().isPresent()) {
                throw new IllegalStateException("the bulk load into table '" + options.table() + "' did not succeed: "
                        + outcome.problem().get() + " (its files are at " + directory + ")");
            }
            LOG.info("bulk load {} into table {} succeeded", id, options.table());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot generate the bulk load for table '" + options.table() + "' under "
                    + options.staging() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the bulk load into table '"
                    + options.table() + "'", e);
        }
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
