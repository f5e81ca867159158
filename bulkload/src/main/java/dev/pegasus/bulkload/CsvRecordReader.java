package dev.pegasus.bulkload;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * CSV input: one record per line, {@code hash_key,sort_key,value[,ttl_seconds]}, UTF-8. A field may
 * be quoted with {@code "} (then it may hold commas, and {@code ""} stands for one quote); a quoted
 * field does not span lines. A first line {@code hash_key,sort_key,value[,ttl_seconds]} is a header
 * and skipped; empty lines are skipped.
 */
final class CsvRecordReader implements RecordReader {
    private final BufferedReader in;
    private final String name;
    private long lineNumber;

    CsvRecordReader(BufferedReader in, String name) {
        this.in = in;
        this.name = name;
    }

    @Override
    public Optional<InputRecord> next() throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            if (line.isEmpty() || (lineNumber == 1 && isHeader(line))) {
                continue;
            }
            long at = lineNumber;
            Supplier<String> where = () -> name + " line " + at;
            List<String> fields = split(line, where);
            if (fields.size() < 3 || fields.size() > 4) {
                throw new BadInputException(where.get() + ": expected 3 or 4 fields (" + Fields.HASH_KEY + ","
                        + Fields.SORT_KEY + "," + Fields.VALUE + "[," + Fields.TTL + "]), found " + fields.size());
            }
            long ttl = fields.size() == 4 ? Fields.ttl(fields.get(3), where) : 0;
            return Optional.of(Fields.record(Fields.utf8(fields.get(0)), Fields.utf8(fields.get(1)),
                    Fields.utf8(fields.get(2)), ttl, where));
        }
        return Optional.empty();
    }

    private static boolean isHeader(String line) {
        String header = Fields.HASH_KEY + "," + Fields.SORT_KEY + "," + Fields.VALUE;
        return line.equals(header) || line.equals(header + "," + Fields.TTL);
    }

    static List<String> split(String line, Supplier<String> where) throws BadInputException {
        List<String> fields = new ArrayList<>(4);
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            if (i < line.length() && line.charAt(i) == '"') {
                field.setLength(0);
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw new BadInputException(where.get() + ": a quoted field is not closed");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < line.length() && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                if (i < line.length() && line.charAt(i) != ',') {
                    throw new BadInputException(where.get() + ": unexpected '" + line.charAt(i) + "' after a quoted field");
                }
                fields.add(field.toString());
            } else {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? line.length() : comma;
                fields.add(line.substring(i, end));
                i = end;
            }
            if (i >= line.length()) {
                return fields;
            }
            i++;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
