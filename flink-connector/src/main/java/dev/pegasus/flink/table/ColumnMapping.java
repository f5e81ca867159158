package dev.pegasus.flink.table;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * Which physical columns of a SQL table are the hash key, the sort key and the value. Every physical
 * column must be one of the three, each of type STRING/CHAR/VARCHAR or BYTES/BINARY/VARBINARY; a
 * declared primary key must be (hash key, sort key). Anything else is refused when the statement is
 * planned, with a message naming the column.
 */
record ColumnMapping(KeyColumn hashKey, KeyColumn sortKey, KeyColumn value, boolean upsert) implements Serializable {
    static ColumnMapping of(ResolvedSchema schema, String hashKeyName, String sortKeyName, String valueName,
            String table) {
        List<Column> physical = schema.getColumns().stream().filter(Column::isPhysical).toList();
        List<String> names = physical.stream().map(Column::getName).toList();
        for (String name : names) {
            if (!name.equals(hashKeyName) && !name.equals(sortKeyName) && !name.equals(valueName)) {
                throw new ValidationException("column '" + name + "' of the Pegasus table '" + table + "' is neither the "
                        + "hash key ('" + hashKeyName + "'), the sort key ('" + sortKeyName + "') nor the value ('"
                        + valueName + "'); declare exactly these three columns or name them with 'hash-key-column', "
                        + "'sort-key-column' and 'value-column'");
            }
        }
        KeyColumn hashKey = column(physical, names, "hash key", hashKeyName, "hash-key-column", table);
        KeyColumn sortKey = column(physical, names, "sort key", sortKeyName, "sort-key-column", table);
        KeyColumn value = column(physical, names, "value", valueName, "value-column", table);
        Optional<UniqueConstraint> primaryKey = schema.getPrimaryKey();
        if (primaryKey.isPresent() && !List.copyOf(primaryKey.get().getColumns()).equals(List.of(hashKeyName, sortKeyName))) {
            throw new ValidationException("the primary key of the Pegasus table '" + table + "' must be (" + hashKeyName
                    + ", " + sortKeyName + "), the record's key; it is " + primaryKey.get().getColumns());
        }
        return new ColumnMapping(hashKey, sortKey, value, primaryKey.isPresent());
    }

    private static KeyColumn column(List<Column> physical, List<String> names, String role, String name, String option,
            String table) {
        int index = names.indexOf(name);
        if (index < 0) {
            throw new ValidationException("the Pegasus table '" + table + "' has no column '" + name + "' for the " + role
                    + " (columns: " + names + "); add it or name another with '" + option + "'");
        }
        LogicalType type = physical.get(index).getDataType().getLogicalType();
        if (!KeyColumn.isSupported(type)) {
            throw new ValidationException("column '" + name + "' (the " + role + ") of the Pegasus table '" + table
                    + "' has type " + type.asSummaryString() + "; it must be STRING, CHAR, VARCHAR, BYTES, BINARY or VARBINARY");
        }
        return KeyColumn.of(role, name, index, type);
    }
}
