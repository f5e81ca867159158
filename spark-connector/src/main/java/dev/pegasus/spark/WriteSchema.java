package dev.pegasus.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of a DataFrame written to Pegasus, found by name: {@code hash_key}, {@code sort_key},
 * {@code value} (each binary or string, strings written as UTF-8) and an optional {@code ttl_seconds}
 * (int). Anything else is refused, so that a typo is not silently dropped.
 */
final class WriteSchema implements Serializable {
    static final String TTL_SECONDS = "ttl_seconds";
    private static final List<String> KEY_AND_VALUE = List.of(SnapshotSchema.HASH_KEY, SnapshotSchema.SORT_KEY,
            SnapshotSchema.VALUE);

    private final int hashKey;
    private final int sortKey;
    private final int value;
    private final boolean[] isString;
    /** -1 without a TTL column. */
    private final int ttl;

    private WriteSchema(int hashKey, int sortKey, int value, boolean[] isString, int ttl) {
        this.hashKey = hashKey;
        this.sortKey = sortKey;
        this.value = value;
        this.isString = isString;
        this.ttl = ttl;
    }

    static WriteSchema of(StructType schema) {
        List<String> problems = new ArrayList<>();
        int[] indexes = new int[KEY_AND_VALUE.size()];
        boolean[] isString = new boolean[schema.fields().length];
        for (int k = 0; k < KEY_AND_VALUE.size(); k++) {
            indexes[k] = indexOf(schema, KEY_AND_VALUE.get(k));
            if (indexes[k] < 0) {
                problems.add("column '" + KEY_AND_VALUE.get(k) + "' is missing");
                continue;
            }
            DataType type = schema.fields()[indexes[k]].dataType();
            if (type.equals(DataTypes.StringType)) {
                isString[indexes[k]] = true;
            } else if (!type.equals(DataTypes.BinaryType)) {
                problems.add("column '" + KEY_AND_VALUE.get(k) + "' is " + type.simpleString()
                        + ", not binary or string");
            }
        }
        int ttl = indexOf(schema, TTL_SECONDS);
        if (ttl >= 0 && !schema.fields()[ttl].dataType().equals(DataTypes.IntegerType)) {
            problems.add("column '" + TTL_SECONDS + "' is " + schema.fields()[ttl].dataType().simpleString()
                    + ", not int");
        }
        for (StructField field : schema.fields()) {
            if (!KEY_AND_VALUE.contains(field.name()) && !field.name().equals(TTL_SECONDS)) {
                problems.add("column '" + field.name() + "' is not one the writer takes (drop it or rename it)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("cannot write this DataFrame to pegasus: " + String.join("; ", problems)
                    + ". The writer takes hash_key, sort_key and value (binary or string) and optionally "
                    + "ttl_seconds (int); the DataFrame has " + schema.simpleString());
        }
        return new WriteSchema(indexes[0], indexes[1], indexes[2], isString, ttl);
    }

    private static int indexOf(StructType schema, String name) {
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    byte[] hashKey(InternalRow row) {
        return bytes(row, hashKey, SnapshotSchema.HASH_KEY);
    }

    byte[] sortKey(InternalRow row) {
        return bytes(row, sortKey, SnapshotSchema.SORT_KEY);
    }

    byte[] value(InternalRow row) {
        return bytes(row, value, SnapshotSchema.VALUE);
    }

    /** The row's TTL, or {@code defaultTtl} without a TTL column or when the row's is null. */
    int ttlSeconds(InternalRow row, int defaultTtl) {
        return ttl < 0 || row.isNullAt(ttl) ? defaultTtl : row.getInt(ttl);
    }

    private byte[] bytes(InternalRow row, int index, String name) {
        if (row.isNullAt(index)) {
            throw new IllegalArgumentException("a row has a null " + name + "; Pegasus records need all of hash_key,"
                    + " sort_key and value (use an empty value instead of null)");
        }
        return isString[index] ? row.getUTF8String(index).getBytes() : row.getBinary(index);
    }
}
