package dev.pegasus.server.linearizability;

/** Renders register values for messages, so that an absent key is told apart from the string "null". */
final class Values {
    private Values() {}

    static String quote(Object value) {
        if (value == null) {
            return "absent";
        }
        if (value instanceof String s) {
            return '"' + s + '"';
        }
        return value.toString();
    }
}
