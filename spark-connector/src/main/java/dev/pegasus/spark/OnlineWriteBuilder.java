package dev.pegasus.spark;

import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusException;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append to a live table through the thin client. There is nothing to commit or roll back at the
 * end: every record is acknowledged by the cluster once its task has flushed, and a task Spark runs
 * again writes the same records again, which upserts make harmless.
 */
final class OnlineWriteBuilder implements WriteBuilder, Write, BatchWrite {
    private static final Logger LOG = LoggerFactory.getLogger(OnlineWriteBuilder.class);
    private final WriteOptions options;
    private final WriteSchema schema;

    OnlineWriteBuilder(WriteOptions options, WriteSchema schema) {
        this.options = options;
        this.schema = schema;
    }

    @Override
    public Write build() {
        return this;
    }

    /** Checks on the driver that the table exists, so that a typo fails the job before any task starts. */
    @Override
    public BatchWrite toBatch() {
        try (PegasusClient client = ExecutorClients.open(options)) {
            client.openTable(options.table());
        } catch (PegasusException e) {
            throw new IllegalArgumentException("cannot write to table '" + options.table() + "' of the cluster at "
                    + options.meta() + ": " + e.getMessage(), e);
        }
        return this;
    }

    @Override
    public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
        return new OnlineDataWriterFactory(options, schema);
    }

    @Override
    public boolean useCommitCoordinator() {
        return false;
    }

    @Override
    public void commit(WriterCommitMessage[] messages) {
        long records = 0;
        for (WriterCommitMessage message : messages) {
            records += ((OnlineDataWriter.Written) message).records();
        }
        LOG.info("wrote {} records to table {} in {} tasks", records, options.table(), messages.length);
    }

    @Override
    public void abort(WriterCommitMessage[] messages) {
        LOG.warn("the write to table {} failed; the records of tasks that finished stay written", options.table());
    }

    @Override
    public String description() {
        return "PegasusOnlineWrite[" + options.table() + " at " + options.meta() + "]";
    }
}
