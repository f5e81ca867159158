package dev.pegasus.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of a snapshot read. {@code expire_ts} is as stored: seconds since 2016-01-01T00:00:00Z,
 * 0 for a record without TTL.
 */
final class SnapshotSchema {
    static final String HASH_KEY = "hash_key";
    static final String SORT_KEY = "sort_key";
    static final String VALUE = "value";
    static final String EXPIRE_TS = "expire_ts";

    private SnapshotSchema() {
    }

    static StructType of(Encoding encoding) {
        return new StructType(new StructField[] {
            DataTypes.createStructField(HASH_KEY, encoding.type(), false),
            DataTypes.createStructField(SORT_KEY, encoding.type(), false),
            DataTypes.createStructField(VALUE, encoding.type(), false),
            DataTypes.createStructField(EXPIRE_TS, DataTypes.IntegerType, false),
        });
    }
}
