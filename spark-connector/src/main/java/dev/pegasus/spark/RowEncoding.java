package dev.pegasus.spark;

import dev.pegasus.bulkload.BadInputException;
import dev.pegasus.bulkload.InputRecord;
import dev.pegasus.bulkload.RecordEncoder;
import dev.pegasus.bulkload.SortEntry;
import java.util.Iterator;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.catalyst.InternalRow;
import scala.Tuple2;

/**
 * Turns the rows of one Spark partition into records encoded as the servers store them, each with
 * its ordinal: the partition's index in the high bits and the row's position within it in the low
 * 33, as {@code monotonically_increasing_id()} numbers rows. Of several rows with one key the highest
 * ordinal wins: the last row of the last partition holding the key, in the DataFrame's order.
 */
final class RowEncoding implements Function2<Integer, Iterator<InternalRow>, Iterator<Tuple2<SortEntry, Void>>> {
    private static final int POSITION_BITS = 33;

    private final WriteSchema schema;
    private final int defaultTtlSeconds;
    private final RecordEncoder encoder;

    RowEncoding(WriteSchema schema, int defaultTtlSeconds, RecordEncoder encoder) {
        this.schema = schema;
        this.defaultTtlSeconds = defaultTtlSeconds;
        this.encoder = encoder;
    }

    /** The shuffle carries each record as a key alone: the value has nothing to add. */
    @Override
    public Iterator<Tuple2<SortEntry, Void>> call(Integer partition, Iterator<InternalRow> rows) {
        long first = (long) partition << POSITION_BITS;
        return new Iterator<>() {
            private long position;

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Tuple2<SortEntry, Void> next() {
                InternalRow row = rows.next();
                long at = position++;
                try {
                    InputRecord record = InputRecord.checked(schema.hashKey(row), schema.sortKey(row),
                            schema.value(row), schema.ttlSeconds(row, defaultTtlSeconds),
                            () -> "row " + at + " of Spark partition " + partition);
                    return new Tuple2<>(encoder.encode(record, first + at), null);
                } catch (BadInputException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }
        };
    }
}
