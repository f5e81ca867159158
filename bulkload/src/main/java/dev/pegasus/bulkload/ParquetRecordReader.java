package dev.pegasus.bulkload;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Parquet input: columns {@code hash_key} and {@code value} (binary or string), optional {@code
 * sort_key} (binary or string, empty when absent) and {@code ttl_seconds} (int32 or int64). Other
 * columns are ignored. The schema is checked before the first row is read.
 */
final class ParquetRecordReader implements RecordReader {
    private final ParquetReader<Group> reader;
    private final String name;
    private final boolean hasSortKey;
    private final boolean hasTtl;
    private final boolean ttlIsLong;
    private long row;

    ParquetRecordReader(Path path, Configuration conf, String name) throws IOException {
        this.name = name;
        MessageType schema;
        try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromPath(path, conf))) {
            schema = footer.getFooter().getFileMetaData().getSchema();
        } catch (RuntimeException e) {
            throw new BadInputException(name + " is not a Parquet file: " + e.getMessage());
        }
        requireBinary(schema, Fields.HASH_KEY, true);
        requireBinary(schema, Fields.VALUE, true);
        hasSortKey = requireBinary(schema, Fields.SORT_KEY, false);
        hasTtl = schema.containsField(Fields.TTL);
        ttlIsLong = hasTtl && primitive(schema, Fields.TTL) == PrimitiveTypeName.INT64;
        if (hasTtl && !ttlIsLong && primitive(schema, Fields.TTL) != PrimitiveTypeName.INT32) {
            throw new BadInputException(name + ": column " + Fields.TTL + " must be int32 or int64, not "
                    + primitive(schema, Fields.TTL));
        }
        this.reader = ParquetReader.builder(new GroupReadSupport(), path).withConf(conf).build();
    }

    private boolean requireBinary(MessageType schema, String column, boolean required) throws BadInputException {
        if (!schema.containsField(column)) {
            if (required) {
                throw new BadInputException(name + ": the Parquet schema has no column " + column + " (columns: "
                        + schema.getFields().stream().map(Type::getName).toList() + ")");
            }
            return false;
        }
        if (primitive(schema, column) != PrimitiveTypeName.BINARY) {
            throw new BadInputException(name + ": column " + column + " must be binary or string, not "
                    + primitive(schema, column));
        }
        return true;
    }

    private PrimitiveTypeName primitive(MessageType schema, String column) throws BadInputException {
        Type type = schema.getType(column);
        if (!type.isPrimitive()) {
            throw new BadInputException(name + ": column " + column + " is a group, not a plain column");
        }
        return ((PrimitiveType) type).getPrimitiveTypeName();
    }

    @Override
    public Optional<InputRecord> next() throws IOException {
        Group group = reader.read();
        if (group == null) {
            return Optional.empty();
        }
        row++;
        long at = row;
        Supplier<String> where = () -> name + " row " + at;
        byte[] hashKey = binary(group, Fields.HASH_KEY, where, true);
        byte[] sortKey = hasSortKey ? binary(group, Fields.SORT_KEY, where, false) : new byte[0];
        byte[] value = binary(group, Fields.VALUE, where, true);
        long ttl = 0;
        if (hasTtl && group.getFieldRepetitionCount(Fields.TTL) > 0) {
            ttl = ttlIsLong ? group.getLong(Fields.TTL, 0) : group.getInteger(Fields.TTL, 0);
        }
        return Optional.of(Fields.record(hashKey, sortKey, value, ttl, where));
    }

    private static byte[] binary(Group group, String column, Supplier<String> where, boolean required) throws BadInputException {
        if (group.getFieldRepetitionCount(column) == 0) {
            if (required) {
                throw new BadInputException(where.get() + ": " + column + " is null");
            }
            return new byte[0];
        }
        return group.getBinary(column, 0).getBytes();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
