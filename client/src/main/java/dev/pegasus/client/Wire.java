package dev.pegasus.client;

import dev.pegasus.protocol.ErrorCode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Readings of Thrift answers shared by the conversions to the client's own types. */
final class Wire {
    private Wire() {
    }

    /** A list the meta server left unset reads as empty. */
    static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values;
    }

    /** The meta server writes 0 for a time that has not come yet, such as the end of a run under way. */
    static Optional<Instant> millisIfSet(long epochMillis) {
        return epochMillis > 0 ? Optional.of(Instant.ofEpochMilli(epochMillis)) : Optional.empty();
    }

    /**
     * The constant of a client enum that stands for a wire value. A value without one (unset, or an
     * {@code *_INVALID} placeholder) is a damaged answer rather than something a caller could act on.
     */
    static <E extends Enum<E>, W> E fromWire(Class<E> type, Function<E, W> wireOf, W wire, String what) {
        for (E constant : type.getEnumConstants()) {
            if (wireOf.apply(constant) == wire) {
                return constant;
            }
        }
        throw new PegasusException(ErrorCode.ERR_INVALID_DATA, "the meta server returned " + what + " " + wire);
    }
}
