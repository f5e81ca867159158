package dev.pegasus.server.replica.storage;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The bounds of a key range as Pegasus clients give them: a start and a stop, each inclusive or not,
 * where an empty stop means "no upper bound" (an empty key can never be a useful stop, so Pegasus
 * gives it that meaning). A scan bounds storage keys, a multi_get the sort keys of one hash key.
 */
public record KeyBounds(byte[] start, boolean startInclusive, byte[] stop, boolean stopInclusive) {
    /** Every key. */
    public static final KeyBounds ALL = new KeyBounds(Bytes.EMPTY, true, Bytes.EMPTY, false);

    public KeyBounds {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(stop, "stop");
    }

    /** The storage-key range of these bounds, with {@code toStorageKey} turning a bound into a storage key. */
    KeyRange toRange(UnaryOperator<byte[]> toStorageKey) {
        return KeyRange.of(toStorageKey.apply(start), startInclusive,
                stop.length == 0 ? null : toStorageKey.apply(stop), stopInclusive);
    }
}
