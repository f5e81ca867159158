package dev.pegasus.spark;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * How keys and values appear in a DataFrame: as the stored bytes, or decoded as UTF-8 strings. Both
 * order the same way (Spark compares strings by their UTF-8 bytes), so range pushdown means the same.
 */
enum Encoding {
    BINARY(DataTypes.BinaryType),
    STRING(DataTypes.StringType);

    private final DataType type;

    Encoding(DataType type) {
        this.type = type;
    }

    DataType type() {
        return type;
    }

    /** The Spark internal value of stored bytes. */
    Object toSpark(byte[] bytes) {
        return this == BINARY ? bytes : UTF8String.fromBytes(bytes);
    }

    /** The bytes of a value in a pushed filter: {@code byte[]} for binary columns, {@code String} for strings. */
    static byte[] bytesOf(Object filterValue) {
        if (filterValue instanceof byte[] bytes) {
            return bytes;
        }
        if (filterValue instanceof String text) {
            return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        if (filterValue instanceof UTF8String text) {
            return text.getBytes();
        }
        throw new IllegalArgumentException("a key filter compares with " + filterValue.getClass().getName()
                + "; keys are binary or string");
    }

    static Encoding parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option '" + ReadOptions.ENCODING + "' is '" + text + "'; accepted: "
                    + Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", ")), e);
        }
    }
}
