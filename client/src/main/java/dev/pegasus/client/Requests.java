package dev.pegasus.client;

import dev.pegasus.protocol.KeySchema;
import java.util.Collection;

/**
 * Argument checks of one table's operations, run before anything is sent: a bad argument is the
 * caller's bug, so it fails at once with an {@link IllegalArgumentException} naming the operation, the
 * table and the rule, instead of as a server error after a round trip.
 */
final class Requests {
    private final String table;
    private final int maxValueBytes;
    private final int maxRequestBytes;

    Requests(String table, ClientOptions options) {
        this.table = table;
        this.maxValueBytes = options.maxValueBytes();
        this.maxRequestBytes = options.maxRequestBytes();
    }

    /** A hash key of a single-record operation: may be empty (the sort key then picks the partition). */
    void hashKey(String operation, byte[] hashKey) {
        if (hashKey == null) {
            throw invalid(operation, "hashKey must not be null");
        }
        if (hashKey.length >= KeySchema.MAX_HASH_KEY_LENGTH) {
            throw invalid(operation, "hashKey is " + hashKey.length + " bytes; it must be shorter than "
                    + KeySchema.MAX_HASH_KEY_LENGTH + " bytes");
        }
    }

    /** A hash key that names a group of records (multi-record operations, scans): must not be empty. */
    void nonEmptyHashKey(String operation, byte[] hashKey) {
        hashKey(operation, hashKey);
        if (hashKey.length == 0) {
            throw invalid(operation, "hashKey must not be empty");
        }
    }

    void sortKey(String operation, byte[] sortKey) {
        if (sortKey == null) {
            throw invalid(operation, "sortKey must not be null");
        }
    }

    void value(String operation, byte[] value) {
        if (value == null) {
            throw invalid(operation, "value must not be null");
        }
        if (value.length > maxValueBytes) {
            throw invalid(operation, "value is " + value.length + " bytes; the limit is " + maxValueBytes
                    + " bytes (maxValueBytes)");
        }
    }

    void ttl(String operation, int ttlSeconds) {
        if (ttlSeconds < 0) {
            throw invalid(operation, "ttlSeconds must be >= 0 (0: no TTL), got " + ttlSeconds);
        }
    }

    /** @param bytes the keys and values the request carries */
    void requestSize(String operation, long bytes) {
        if (bytes > maxRequestBytes) {
            throw invalid(operation, "the request carries " + bytes + " bytes of keys and values; the limit is "
                    + maxRequestBytes + " bytes (maxRequestBytes)");
        }
    }

    void notNull(String operation, String what, Object argument) {
        if (argument == null) {
            throw invalid(operation, what + " must not be null");
        }
    }

    void elementsNotNull(String operation, String what, Collection<?> elements) {
        notNull(operation, what, elements);
        for (Object element : elements) {
            if (element == null) {
                throw invalid(operation, what + " must not contain null");
            }
        }
    }

    void nonEmpty(String operation, String what, Collection<?> elements) {
        elementsNotNull(operation, what, elements);
        if (elements.isEmpty()) {
            throw invalid(operation, what + " must not be empty");
        }
    }

    void positive(String operation, String what, int value) {
        if (value <= 0) {
            throw invalid(operation, what + " must be positive, got " + value);
        }
    }

    IllegalArgumentException invalid(String operation, String rule) {
        return new IllegalArgumentException(operation + " on table '" + table + "': " + rule);
    }
}
