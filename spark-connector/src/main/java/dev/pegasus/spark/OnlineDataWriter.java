package dev.pegasus.spark;

import java.io.IOException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.WriterCommitMessage;

/** Writes the rows of one task; its commit returns once they are all durable in the cluster. */
final class OnlineDataWriter implements DataWriter<InternalRow> {
    /** The number of records a task wrote, summed on the driver. */
    record Written(long records) implements WriterCommitMessage {
    }

    private final WriteOptions options;
    private final WriteSchema schema;
    private final ExecutorClients.Lease lease;
    private final BatchingWriter writer;

    OnlineDataWriter(WriteOptions options, WriteSchema schema) {
        this.options = options;
        this.schema = schema;
        this.lease = ExecutorClients.acquire(options);
        try {
            this.writer = new BatchingWriter(lease.client().openTable(options.table()), lease.inflight(),
                    options.batchSize(), options.batchBytes(), options.retries());
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    @Override
    public void write(InternalRow row) throws IOException {
        writer.add(schema.hashKey(row), schema.sortKey(row), schema.value(row),
                schema.ttlSeconds(row, options.defaultTtlSeconds()));
    }

    @Override
    public WriterCommitMessage commit() throws IOException {
        return new Written(writer.flush());
    }

    /** Records already sent stay written: there is no undo, and a retried task overwrites them. */
    @Override
    public void abort() {
        lease.close();
    }

    @Override
    public void close() {
        lease.close();
    }
}
