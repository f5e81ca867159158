package dev.pegasus.server.replica.storage;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * Integers stored as decimal ASCII text, the representation incr writes and the int checks of
 * check_and_set read. Parsing is strict (optional sign, ASCII digits, nothing else) so that a value is
 * either a number for every replica and client or for none.
 */
final class Int64Text {
    private Int64Text() {}

    /** The number in {@code text}, or empty when it is not a decimal int64 (including empty text and overflow). */
    static OptionalLong parse(byte[] text) {
        int i = 0;
        boolean negative = false;
        if (text.length > 0 && (text[0] == '-' || text[0] == '+')) {
            negative = text[0] == '-';
            i = 1;
        }
        if (i == text.length) {
            return OptionalLong.empty();
        }
        // Accumulate negatively: the negative range is one larger, so Long.MIN_VALUE parses too.
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long value = 0;
        for (; i < text.length; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9 || value < limit / 10) {
                return OptionalLong.empty();
            }
            value *= 10;
            if (value < limit + digit) {
                return OptionalLong.empty();
            }
            value -= digit;
        }
        return OptionalLong.of(negative ? value : -value);
    }

    static byte[] format(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}
