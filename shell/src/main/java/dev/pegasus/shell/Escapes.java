package dev.pegasus.shell;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keys and values typed in the shell are UTF-8 text in which {@code \xNN} stands for any byte and
 * {@code \\} for a backslash; bytes are printed back the same way, so binary data round-trips.
 */
final class Escapes {
    private Escapes() {}

    static byte[] parse(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < utf8.length; i++) {
            if (utf8[i] == '\\' && i + 1 < utf8.length && utf8[i + 1] == '\\') {
                out.write('\\');
                i++;
            } else if (utf8[i] == '\\' && i + 3 < utf8.length && utf8[i + 1] == 'x'
                    && isHex(utf8[i + 2]) && isHex(utf8[i + 3])) {
                out.write(Integer.parseInt(new String(utf8, i + 2, 2, StandardCharsets.US_ASCII), 16));
                i += 3;
            } else {
                out.write(utf8[i]);
            }
        }
        return out.toByteArray();
    }

    static String print(byte[] bytes) {
        if (bytes == null) {
            return "<null>";
        }
        StringBuilder out = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int length = utf8SequenceLength(bytes, i);
            if (length > 1) {
                out.append(new String(bytes, i, length, StandardCharsets.UTF_8));
                i += length;
                continue;
            }
            int b = bytes[i] & 0xFF;
            if (b == '\\') {
                out.append("\\\\");
            } else if (b >= 0x20 && b < 0x7F) {
                out.append((char) b);
            } else {
                out.append(String.format("\\x%02X", b));
            }
            i++;
        }
        return out.toString();
    }

    /** Length of a valid multi-byte UTF-8 sequence at {@code i}, or 1 when there is none. */
    private static int utf8SequenceLength(byte[] bytes, int i) {
        int b = bytes[i] & 0xFF;
        int length = b >= 0xF0 && b < 0xF5 ? 4 : b >= 0xE0 ? (b < 0xF0 ? 3 : 1) : b >= 0xC2 ? 2 : 1;
        if (length == 1 || i + length > bytes.length) {
            return 1;
        }
        for (int k = 1; k < length; k++) {
            if ((bytes[i + k] & 0xC0) != 0x80) {
                return 1;
            }
        }
        return length;
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }
}
