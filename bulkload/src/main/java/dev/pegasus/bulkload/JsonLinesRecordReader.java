package dev.pegasus.bulkload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * JSON lines input: one object per line, {@code {"hash_key": "...", "sort_key": "...", "value":
 * "...", "ttl_seconds": 3600}}; strings are stored as UTF-8, {@code ttl_seconds} is optional and
 * {@code sort_key} defaults to empty. Empty lines are skipped.
 */
final class JsonLinesRecordReader implements RecordReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedReader in;
    private final String name;
    private long lineNumber;

    JsonLinesRecordReader(BufferedReader in, String name) {
        this.in = in;
        this.name = name;
    }

    @Override
    public Optional<InputRecord> next() throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            long at = lineNumber;
            Supplier<String> where = () -> name + " line " + at;
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new BadInputException(where.get() + ": not JSON: " + e.getOriginalMessage());
            }
            if (!node.isObject()) {
                throw new BadInputException(where.get() + ": expected a JSON object");
            }
            long ttl = 0;
            JsonNode ttlNode = node.get(Fields.TTL);
            if (ttlNode != null && !ttlNode.isNull()) {
                if (!ttlNode.canConvertToLong() || !ttlNode.isIntegralNumber()) {
                    throw new BadInputException(where.get() + ": " + Fields.TTL + " must be a whole number of seconds");
                }
                ttl = ttlNode.asLong();
            }
            return Optional.of(Fields.record(Fields.utf8(text(node, Fields.HASH_KEY, where, true)),
                    Fields.utf8(text(node, Fields.SORT_KEY, where, false)),
                    Fields.utf8(text(node, Fields.VALUE, where, true)), ttl, where));
        }
        return Optional.empty();
    }

    private static String text(JsonNode node, String field, Supplier<String> where, boolean required) throws BadInputException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new BadInputException(where.get() + ": field \"" + field + "\" is missing");
            }
            return "";
        }
        if (!value.isTextual()) {
            throw new BadInputException(where.get() + ": field \"" + field + "\" must be a string");
        }
        return value.asText();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
