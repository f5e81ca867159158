package dev.pegasus.server.replica.storage;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One plain write produced by executing a request: put a full stored value (ValueSchema header
 * included) under a storage key, or delete a storage key. Replaying it is idempotent, which is why
 * requests are turned into these before they are replicated.
 *
 * <p>Invariant: {@code storedValue == null} exactly when {@code delete}.
 */
public record WriteOp(boolean delete, byte[] key, byte[] storedValue) {
    public WriteOp {
        Objects.requireNonNull(key, "key");
        if (delete != (storedValue == null)) {
            throw new IllegalArgumentException(delete ? "a delete carries no value" : "a put needs a stored value");
        }
    }

    public static WriteOp put(byte[] key, byte[] storedValue) {
        return new WriteOp(false, key, Objects.requireNonNull(storedValue, "storedValue"));
    }

    public static WriteOp delete(byte[] key) {
        return new WriteOp(true, key, null);
    }

    /** Bytes this op adds to a write batch, for sizing mutations. */
    public int sizeBytes() {
        return key.length + (delete ? 0 : storedValue.length);
    }

    /** Whether two lists hold the same writes, byte for byte and in the same order. */
    public static boolean sameWrites(List<WriteOp> these, List<WriteOp> those) {
        if (these.size() != those.size()) {
            return false;
        }
        for (int i = 0; i < these.size(); i++) {
            WriteOp one = these.get(i);
            WriteOp other = those.get(i);
            if (one.delete != other.delete || !Arrays.equals(one.key, other.key)
                    || !Arrays.equals(one.storedValue, other.storedValue)) {
                return false;
            }
        }
        return true;
    }
}
