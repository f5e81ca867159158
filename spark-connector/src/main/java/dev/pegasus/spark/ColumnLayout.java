package dev.pegasus.spark;

import dev.pegasus.checkpoint.tools.SnapshotRecord;
import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The columns a scan returns, in the order Spark asked for them, and how to fill a row from a record. */
final class ColumnLayout implements Serializable {
    private enum Column { HASH_KEY, SORT_KEY, VALUE, EXPIRE_TS }

    private final Column[] columns;
    private final Encoding encoding;

    private ColumnLayout(Column[] columns, Encoding encoding) {
        this.columns = columns;
        this.encoding = encoding;
    }

    static ColumnLayout of(StructType schema, Encoding encoding) {
        StructField[] fields = schema.fields();
        Column[] columns = new Column[fields.length];
        for (int i = 0; i < fields.length; i++) {
            columns[i] = switch (fields[i].name()) {
                case SnapshotSchema.HASH_KEY -> Column.HASH_KEY;
                case SnapshotSchema.SORT_KEY -> Column.SORT_KEY;
                case SnapshotSchema.VALUE -> Column.VALUE;
                case SnapshotSchema.EXPIRE_TS -> Column.EXPIRE_TS;
                default -> throw new IllegalArgumentException("a pegasus snapshot has no column '" + fields[i].name()
                        + "'; its columns are " + SnapshotSchema.of(encoding).simpleString());
            };
        }
        return new ColumnLayout(columns, encoding);
    }

    /** Whether any column needs the value: without, the reader leaves values in RocksDB. */
    boolean needsValue() {
        for (Column column : columns) {
            if (column == Column.VALUE) {
                return true;
            }
        }
        return false;
    }

    InternalRow row(SnapshotRecord record) {
        Object[] values = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            values[i] = switch (columns[i]) {
                case HASH_KEY -> encoding.toSpark(record.hashKey());
                case SORT_KEY -> encoding.toSpark(record.sortKey());
                case VALUE -> encoding.toSpark(record.value().orElseThrow());
                case EXPIRE_TS -> record.expireTs();
            };
        }
        return new GenericInternalRow(values);
    }
}
