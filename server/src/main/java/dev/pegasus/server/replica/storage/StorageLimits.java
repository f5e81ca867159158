package dev.pegasus.server.replica.storage;

/**
 * Size limits checked again at the server, because a client may be old, foreign or buggy: one
 * oversized value would otherwise be replicated and stored everywhere.
 *
 * @param maxValueBytes largest user value of one record
 * @param maxRequestBytes largest sum of keys and values of one write request
 */
public record StorageLimits(int maxValueBytes, int maxRequestBytes) {
    public StorageLimits {
        if (maxValueBytes <= 0 || maxRequestBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxValueBytes + ", " + maxRequestBytes);
        }
    }

    /** 1 MiB per value, 4 MiB per request. */
    public static StorageLimits defaults() {
        return new StorageLimits(1 << 20, 4 << 20);
    }

    public boolean allowsValue(long valueBytes) {
        return valueBytes <= maxValueBytes;
    }

    public boolean allowsRequest(long requestBytes) {
        return requestBytes <= maxRequestBytes;
    }
}
