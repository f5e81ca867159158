package dev.pegasus.server.replica.storage;

import dev.pegasus.protocol.thrift.filter_type;

/**
 * A Pegasus key filter: no filter, or the pattern must occur anywhere in / at the start of / at the
 * end of the key. An empty pattern matches everything, as in Pegasus. The same matching decides the
 * value checks of check_and_set ({@link CasCheck}).
 */
record PatternFilter(filter_type type, byte[] pattern) {
    static final PatternFilter NONE = new PatternFilter(filter_type.FT_NO_FILTER, Bytes.EMPTY);

    /** A filter from request fields; an absent type means no filter (Thrift's default of 0). */
    static PatternFilter of(filter_type type, byte[] pattern) {
        if (type == null || type == filter_type.FT_NO_FILTER) {
            return NONE;
        }
        return new PatternFilter(type, Bytes.of(pattern));
    }

    boolean isNone() {
        return type == filter_type.FT_NO_FILTER;
    }

    boolean matches(byte[] data) {
        return matches(data, 0, data.length);
    }

    /** Whether {@code data[from, to)} passes the filter. */
    boolean matches(byte[] data, int from, int to) {
        return switch (type) {
            case FT_NO_FILTER -> true;
            case FT_MATCH_ANYWHERE -> occursAnywhere(pattern, data, from, to);
            case FT_MATCH_PREFIX -> occursAt(pattern, data, from, to, from);
            case FT_MATCH_POSTFIX -> occursAt(pattern, data, from, to, to - pattern.length);
        };
    }

    static boolean occursAt(byte[] pattern, byte[] data, int from, int to, int at) {
        if (at < from || at + pattern.length > to) {
            return false;
        }
        return java.util.Arrays.equals(data, at, at + pattern.length, pattern, 0, pattern.length);
    }

    static boolean occursAnywhere(byte[] pattern, byte[] data, int from, int to) {
        for (int at = from; at + pattern.length <= to; at++) {
            if (occursAt(pattern, data, from, to, at)) {
                return true;
            }
        }
        return false;
    }
}
