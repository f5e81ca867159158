package dev.pegasus.server.linearizability;

/**
 * An operation on one key, where each key is an independent register holding a string. {@code null}
 * stands for "absent", so a write of null is a delete and a compare-and-set can expect absence; this
 * keeps the model to three operations while still covering deletes and create-if-absent.
 */
public sealed interface Op permits Op.Read, Op.Write, Op.Cas {

    /** Reads the current value; its result is the value seen, or null if the key was absent. */
    record Read() implements Op {
        @Override
        public boolean acceptsResult(Object result) {
            return result == null || result instanceof String;
        }

        @Override
        public String toString() {
            return "read()";
        }
    }

    /** Sets the value ({@code null} deletes the key); its result carries nothing and must be null. */
    record Write(String value) implements Op {
        @Override
        public boolean acceptsResult(Object result) {
            return result == null;
        }

        @Override
        public String toString() {
            return "write(" + Values.quote(value) + ")";
        }
    }

    /**
     * Sets {@code value} only if the current value equals {@code expected} ({@code null}: the key is
     * absent); its result is a {@link Boolean} saying whether it did.
     */
    record Cas(String expected, String value) implements Op {
        @Override
        public boolean acceptsResult(Object result) {
            return result instanceof Boolean;
        }

        @Override
        public String toString() {
            return "cas(" + Values.quote(expected) + ", " + Values.quote(value) + ")";
        }
    }

    static Read read() {
        return new Read();
    }

    static Write write(String value) {
        return new Write(value);
    }

    static Cas cas(String expected, String value) {
        return new Cas(expected, value);
    }

    /**
     * Whether {@code result} is a well-formed result of this operation completing OK, so that a
     * mistake in the code recording a history fails loudly instead of being checked as a violation.
     */
    boolean acceptsResult(Object result);
}
