package dev.pegasus.checkpoint.tools;

import dev.pegasus.protocol.KeySchema;
import java.util.Arrays;
import java.util.Optional;

/**
 * The records whose hash key starts with a prefix. Storage keys order by hash key length first, so
 * these records are not one key range but one range per hash key length; instead of filtering every
 * record, a reader that meets a key outside them seeks to {@link #nextCandidateAfter the next key
 * that could match}, which costs a seek or two per distinct hash key length.
 */
public final class HashKeyPrefix {
    private final byte[] prefix;

    public HashKeyPrefix(byte[] prefix) {
        KeySchema.checkHashKey(prefix);
        this.prefix = prefix.clone();
    }

    public byte[] prefix() {
        return prefix.clone();
    }

    /** The smallest storage key that can match: the prefix as a whole hash key, with an empty sort key. */
    public byte[] first() {
        return firstOfLength(prefix.length);
    }

    public boolean matches(byte[] storageKey) {
        int length = KeySchema.hashKeyLength(storageKey);
        return length >= prefix.length && Arrays.equals(storageKey, 2, 2 + prefix.length, prefix, 0, prefix.length);
    }

    /**
     * The smallest storage key above {@code storageKey} that can match, or empty when none can.
     *
     * @param storageKey a key that does not match
     */
    public Optional<byte[]> nextCandidateAfter(byte[] storageKey) {
        int length = KeySchema.hashKeyLength(storageKey);
        if (length < prefix.length) {
            return Optional.of(first());
        }
        int order = Arrays.compareUnsigned(storageKey, 2, 2 + prefix.length, prefix, 0, prefix.length);
        if (order == 0) {
            throw new IllegalArgumentException("the key matches the prefix");
        }
        if (order < 0) {
            return Optional.of(firstOfLength(length));
        }
        return length + 1 < KeySchema.MAX_HASH_KEY_LENGTH ? Optional.of(firstOfLength(length + 1)) : Optional.empty();
    }

    /** {@code [length][prefix]}: the smallest key of hash key length {@code length} that starts with the prefix. */
    private byte[] firstOfLength(int length) {
        byte[] key = new byte[2 + prefix.length];
        key[0] = (byte) (length >>> 8);
        key[1] = (byte) length;
        System.arraycopy(prefix, 0, key, 2, prefix.length);
        return key;
    }
}
