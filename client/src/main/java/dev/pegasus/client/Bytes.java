package dev.pegasus.client;

/** Renders keys and values for messages and {@code toString}: printable ASCII as is, other bytes escaped. */
final class Bytes {
    private static final int MAX_SHOWN = 64;

    private Bytes() {}

    static String show(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        int shown = Math.min(bytes.length, MAX_SHOWN);
        for (int i = 0; i < shown; i++) {
            int b = bytes[i] & 0xFF;
            if (b >= 0x20 && b < 0x7F && b != '"' && b != '\\') {
                out.append((char) b);
            } else {
                out.append(String.format("\\x%02x", b));
            }
        }
        out.append('"');
        if (bytes.length > shown) {
            out.append("...(").append(bytes.length).append(" bytes)");
        }
        return out.toString();
    }
}
