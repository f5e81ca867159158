package dev.pegasus.server.replica.storage;

import java.util.OptionalInt;

/**
 * The time a live record has left. A record written without a TTL never expires, which is kept
 * apart from a number of seconds (the wire's -1) so no caller does arithmetic on it.
 *
 * @param remainingSeconds seconds until the record expires, empty when it never does
 */
public record Ttl(OptionalInt remainingSeconds) {
    public static final Ttl NEVER_EXPIRES = new Ttl(OptionalInt.empty());

    public static Ttl expiresIn(int seconds) {
        return new Ttl(OptionalInt.of(seconds));
    }
}
