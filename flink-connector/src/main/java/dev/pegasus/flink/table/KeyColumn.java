package dev.pegasus.flink.table;

import java.io.Serializable;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;

/**
 * A column mapped to a key or the value: its position in the row and how its content becomes bytes
 * (character strings as UTF-8, binary strings as they are).
 */
record KeyColumn(String role, String name, int index, boolean binary) implements Serializable {
    static boolean isSupported(LogicalType type) {
        return type.is(LogicalTypeFamily.CHARACTER_STRING) || type.is(LogicalTypeFamily.BINARY_STRING);
    }

    static KeyColumn of(String role, String name, int index, LogicalType type) {
        return new KeyColumn(role, name, index, type.is(LogicalTypeFamily.BINARY_STRING));
    }

    /** The column's bytes in the row; a NULL fails with a message naming the column and the table. */
    byte[] bytes(RowData row, String table) {
        if (row.isNullAt(index)) {
            throw new IllegalArgumentException("column '" + name + "' (the " + role + ") is NULL in a row written to "
                    + "Pegasus table '" + table + "'; every row needs a " + role);
        }
        return binary ? row.getBinary(index) : row.getString(index).toBytes();
    }
}
