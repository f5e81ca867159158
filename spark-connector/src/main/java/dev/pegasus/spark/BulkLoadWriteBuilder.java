package dev.pegasus.spark;

import org.apache.spark.sql.connector.write.V1Write;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.sources.InsertableRelation;

/**
 * An append through bulk load. A V1 write: Spark hands it the whole DataFrame, which {@link
 * BulkLoadWrite} repartitions by the cluster's hash, rather than rows partitioned as they come.
 */
final class BulkLoadWriteBuilder implements WriteBuilder, V1Write {
    private final BulkLoadOptions options;
    private final WriteSchema schema;

    BulkLoadWriteBuilder(BulkLoadOptions options, WriteSchema schema) {
        this.options = options;
        this.schema = schema;
    }

    @Override
    public Write build() {
        return this;
    }

    @Override
    public InsertableRelation toInsertableRelation() {
        return (data, overwrite) -> new BulkLoadWrite(options, schema).run(data);
    }

    @Override
    public String description() {
        return "PegasusBulkLoadWrite[" + options.table() + " at " + options.meta() + " via " + options.staging() + "]";
    }
}
