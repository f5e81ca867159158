package dev.pegasus.client;

/**
 * @param setValueTtlSeconds TTL of the value written when the check passes; 0 for none
 * @param returnCheckValue whether the result carries the check record's value as it was before
 */
public record CheckAndSetOptions(int setValueTtlSeconds, boolean returnCheckValue) {
    public CheckAndSetOptions {
        if (setValueTtlSeconds < 0) {
            throw new IllegalArgumentException("setValueTtlSeconds must be >= 0, got " + setValueTtlSeconds);
        }
    }

    /** No TTL, no check value returned. */
    public static CheckAndSetOptions defaults() {
        return new CheckAndSetOptions(0, false);
    }
}
