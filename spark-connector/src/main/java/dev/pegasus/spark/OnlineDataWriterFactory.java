package dev.pegasus.spark;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;

/** Shipped to executors: one writer per task. */
record OnlineDataWriterFactory(WriteOptions options, WriteSchema schema) implements DataWriterFactory {
    @Override
    public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
        return new OnlineDataWriter(options, schema);
    }
}
