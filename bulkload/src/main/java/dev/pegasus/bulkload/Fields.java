package dev.pegasus.bulkload;

import dev.pegasus.protocol.KeySchema;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Checks shared by every input format: key limits and TTLs. */
final class Fields {
    static final String HASH_KEY = "hash_key";
    static final String SORT_KEY = "sort_key";
    static final String VALUE = "value";
    static final String TTL = "ttl_seconds";

    private Fields() {
    }

    static InputRecord record(byte[] hashKey, byte[] sortKey, byte[] value, long ttlSeconds, Supplier<String> where)
            throws BadInputException {
        if (hashKey.length >= KeySchema.MAX_HASH_KEY_LENGTH) {
            throw new BadInputException(where.get() + ": the hash key has " + hashKey.length + " bytes; at most "
                    + (KeySchema.MAX_HASH_KEY_LENGTH - 1) + " are allowed");
        }
        if (hashKey.length == 0 && sortKey.length == 0) {
            throw new BadInputException(where.get() + ": the hash key and the sort key are both empty");
        }
        if (ttlSeconds < 0 || ttlSeconds > Integer.MAX_VALUE) {
            throw new BadInputException(where.get() + ": " + TTL + " must be between 0 (no TTL) and " + Integer.MAX_VALUE
                    + ", not " + ttlSeconds);
        }
        return new InputRecord(hashKey, sortKey, value, (int) ttlSeconds);
    }

    static long ttl(String text, Supplier<String> where) throws BadInputException {
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new BadInputException(where.get() + ": " + TTL + " '" + text + "' is not a whole number of seconds");
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
