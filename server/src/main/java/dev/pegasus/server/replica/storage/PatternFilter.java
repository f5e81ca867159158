package dev.pegasus.server.replica.storage;

import java.util.Objects;

/**
 * A Pegasus key filter: no filter, or the pattern must occur anywhere in / at the start of / at the
 * end of the key. An empty pattern matches everything, as in Pegasus. The same matching decides the
 * value checks of check_and_set ({@link CasCheck}).
 *
 * <p>The kinds are the store's own rather than the wire's filter_type, so the storage layer does not
 * change when the protocol does; the RPC edge maps one onto the other.
 */
public record PatternFilter(Kind kind, byte[] pattern) {
    /** Where the pattern must occur. */
    public enum Kind {
        NONE,
        ANYWHERE,
        PREFIX,
        POSTFIX
    }

    public static final PatternFilter NONE = new PatternFilter(Kind.NONE, Bytes.EMPTY);

    public PatternFilter {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(pattern, "pattern");
    }

    /** A filter of {@code kind}; the pattern of {@link Kind#NONE} is ignored, an absent one is empty. */
    public static PatternFilter of(Kind kind, byte[] pattern) {
        return kind == Kind.NONE ? NONE : new PatternFilter(kind, Bytes.of(pattern));
    }

    boolean isNone() {
        return kind == Kind.NONE;
    }

    /** A prefix filter that actually narrows: an empty prefix matches every key. */
    boolean isNonEmptyPrefix() {
        return kind == Kind.PREFIX && pattern.length > 0;
    }

    boolean matches(byte[] data) {
        return matches(data, 0, data.length);
    }

    /** Whether {@code data[from, to)} passes the filter. */
    boolean matches(byte[] data, int from, int to) {
        return switch (kind) {
            case NONE -> true;
            case ANYWHERE -> occursAnywhere(pattern, data, from, to);
            case PREFIX -> occursAt(pattern, data, from, to, from);
            case POSTFIX -> occursAt(pattern, data, from, to, to - pattern.length);
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
