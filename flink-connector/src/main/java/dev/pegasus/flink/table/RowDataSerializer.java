package dev.pegasus.flink.table;

import dev.pegasus.flink.sink.PegasusRecord;
import dev.pegasus.flink.sink.PegasusSerializer;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.RowKind;

/**
 * SQL rows to writes: an insert or the new image of an update sets the record, a delete deletes it.
 * The old image of an update is never asked for: the sink is an upsert sink keyed by (hash key, sort key).
 */
final class RowDataSerializer implements PegasusSerializer<RowData> {
    private static final long serialVersionUID = 1L;

    private final ColumnMapping columns;
    private final String table;
    private final int ttlSeconds;

    RowDataSerializer(ColumnMapping columns, String table, int ttlSeconds) {
        this.columns = columns;
        this.table = table;
        this.ttlSeconds = ttlSeconds;
    }

    @Override
    public PegasusRecord serialize(RowData row) {
        byte[] hashKey = columns.hashKey().bytes(row, table);
        byte[] sortKey = columns.sortKey().bytes(row, table);
        if (row.getRowKind() == RowKind.DELETE) {
            return PegasusRecord.del(hashKey, sortKey);
        }
        if (row.getRowKind() == RowKind.UPDATE_BEFORE) {
            throw new IllegalStateException("the Pegasus table '" + table + "' takes upserts; it got an update's old row");
        }
        return PegasusRecord.set(hashKey, sortKey, columns.value().bytes(row, table), ttlSeconds);
    }
}
