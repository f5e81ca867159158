package dev.pegasus.flink.sink;

/** Keys as they appear in error messages: text when printable, escaped bytes otherwise, shortened. */
final class Keys {
    private static final int MAX_SHOWN = 64;

    private Keys() {}

    static String show(byte[] key) {
        StringBuilder text = new StringBuilder("\"");
        int shown = Math.min(key.length, MAX_SHOWN);
        for (int i = 0; i < shown; i++) {
            int b = key[i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\' && b != '"') {
                text.append((char) b);
            } else {
                text.append(String.format("\\x%02X", b));
            }
        }
        if (key.length > shown) {
            text.append("...(").append(key.length).append(" bytes)");
        }
        return text.append('"').toString();
    }
}
