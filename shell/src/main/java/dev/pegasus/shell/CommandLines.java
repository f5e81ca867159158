package dev.pegasus.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits shell input: statements separated by ';', words separated by blanks, with single or
 * double quotes keeping blanks and ';' inside a word.
 */
final class CommandLines {
    private CommandLines() {}

    static List<List<String>> statements(String input) {
        List<List<String>> statements = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c) || c == ';') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                if (c == ';' && !words.isEmpty()) {
                    statements.add(words);
                    words = new ArrayList<>();
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed " + quote + " quote in: " + input);
        }
        if (word != null) {
            words.add(word.toString());
        }
        if (!words.isEmpty()) {
            statements.add(words);
        }
        return statements;
    }
}
