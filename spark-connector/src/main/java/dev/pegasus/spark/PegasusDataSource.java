package dev.pegasus.spark;

import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The "pegasus" data source: {@code spark.read.format("pegasus")} scans a backup offline,
 * {@code df.write.format("pegasus")} writes to a live table through the thin client or, with
 * {@code method=bulkload}, as SST files the table ingests.
 *
 * <p>It accepts the schema of the DataFrame being written ({@link #supportsExternalMetadata}), so that
 * the writer, not Spark's generic resolution, checks the columns and names what is wrong with them.
 */
public final class PegasusDataSource implements TableProvider, DataSourceRegister {
    public static final String SHORT_NAME = "pegasus";

    @Override
    public String shortName() {
        return SHORT_NAME;
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return SnapshotSchema.of(ReadOptions.encoding(options));
    }

    @Override
    public boolean supportsExternalMetadata() {
        return true;
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        return new PegasusSparkTable(schema, WriteMethod.of(properties));
    }
}
