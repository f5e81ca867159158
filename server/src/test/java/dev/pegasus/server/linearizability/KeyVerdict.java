package dev.pegasus.server.linearizability;

/** The verdict on one key's sub-history; {@code message} explains a violation or an undecided search. */
record KeyVerdict(Kind kind, String message) {
    enum Kind { LINEARIZABLE, VIOLATION, UNDECIDED }

    static final KeyVerdict LINEARIZABLE = new KeyVerdict(Kind.LINEARIZABLE, "");

    static KeyVerdict violation(String message) {
        return new KeyVerdict(Kind.VIOLATION, message);
    }

    static KeyVerdict undecided(String message) {
        return new KeyVerdict(Kind.UNDECIDED, message);
    }
}
