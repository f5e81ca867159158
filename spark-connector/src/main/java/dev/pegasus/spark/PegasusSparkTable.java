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
 * A Pegasus table as Spark sees it: read from a snapshot, written online or through bulk load. The
 * schema is the one Spark resolved: the snapshot schema for reads, the DataFrame's own for writes.
 *
 * <p>A bulk load needs the whole DataFrame to repartition and sort it by the cluster's hash, which
 * Spark hands over only to a V1 write; Spark then wants every write of the table to be one, so that
 * capability follows the write method of the options the table was made for. (A save to a data
 * source wants batch writes in either case, or it looks for a V1 source.)
 */
final class PegasusSparkTable implements SupportsRead, SupportsWrite {
    private final StructType schema;
    private final WriteMethod method;

    PegasusSparkTable(StructType schema, WriteMethod method) {
        this.schema = schema;
        this.method = method;
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
        Set<TableCapability> capabilities = EnumSet.of(TableCapability.BATCH_READ, TableCapability.BATCH_WRITE,
                TableCapability.ACCEPT_ANY_SCHEMA);
        if (method == WriteMethod.BULKLOAD) {
            capabilities.add(TableCapability.V1_BATCH_WRITE);
        }
        return capabilities;
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
        if (method == WriteMethod.BULKLOAD) {
            return new BulkLoadWriteBuilder(BulkLoadOptions.parse(info.options()), WriteSchema.of(info.schema()));
        }
        return new OnlineWriteBuilder(WriteOptions.parse(info.options()), WriteSchema.of(info.schema()));
    }
}
