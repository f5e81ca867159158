package dev.pegasus.spark;

import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A Pegasus table as Spark sees it: read from a snapshot, written online. The schema is the one
 * Spark resolved: the snapshot schema for reads, the DataFrame's own for writes.
 */
final class PegasusSparkTable implements SupportsRead, SupportsWrite {
    private final StructType schema;

    PegasusSparkTable(StructType schema) {
        this.schema = schema;
    }

    @Override
    public String name() {
        return PegasusDataSource.SHORT_NAME;
    }

    @Override
    public StructType schema() {
        return schema;
    }

    @Override
    public Set<TableCapability> capabilities() {
        return EnumSet.of(TableCapability.BATCH_READ, TableCapability.BATCH_WRITE,
                TableCapability.ACCEPT_ANY_SCHEMA);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
        ReadOptions read = ReadOptions.parse(options);
        StructType expected = SnapshotSchema.of(read.encoding());
        if (!schema.equals(expected)) {
            throw new IllegalArgumentException("a pegasus snapshot has the schema " + expected.simpleString()
                    + "; the schema given was " + schema.simpleString() + " (leave the schema out, or pick the "
                    + "encoding with .option(\"" + ReadOptions.ENCODING + "\", ...))");
        }
        return new SnapshotScanBuilder(read, SnapshotLocation.resolve(read));
    }

    @Override
    public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
        return new OnlineWriteBuilder(WriteOptions.parse(info.options()), WriteSchema.of(info.schema()));
    }
}
