package dev.pegasus.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading the writer's options, each with the message that says what it takes. */
final class OptionValues {
    static final String META = "meta";
    static final String TABLE = "table";
    static final String TIMEOUT_MS = "timeout_ms";
    static final String TTL_SECONDS = "ttl_seconds";
    /** The options of every write method. */
    static final List<String> COMMON = List.of(META, TABLE, WriteMethod.OPTION, TIMEOUT_MS, TTL_SECONDS);

    private OptionValues() {
    }

    /**
     * Refuses unknown options, and options of another write method, naming the method they belong to.
     *
     * @param options case-insensitive, as Spark hands them over
     */
    static void checkNames(Map<String, String> options, WriteMethod method) {
        List<String> all = new ArrayList<>(COMMON);
        for (WriteMethod any : WriteMethod.values()) {
            all.addAll(any.options);
        }
        OptionNames.check(options, all, "writing to pegasus");
        for (WriteMethod other : WriteMethod.values()) {
            for (String name : options.keySet()) {
                if (other != method && other.options.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    throw new IllegalArgumentException("option '" + name + "' is one of " + WriteMethod.OPTION + "="
                            + other.optionValue() + ", not of " + WriteMethod.OPTION + "=" + method.optionValue()
                            + "; the options of " + method.optionValue() + " are: "
                            + String.join(", ", method.options));
                }
            }
        }
    }

    static String required(Map<String, String> options, String key, String meaning) {
        String value = options.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("writing to pegasus needs option '" + key + "': " + meaning);
        }
        return value.trim();
    }

    static String meta(Map<String, String> options) {
        return required(options, META, "the meta servers, host:port,host:port");
    }

    static String table(Map<String, String> options) {
        return required(options, TABLE, "the table to write to");
    }

    static int positive(Map<String, String> options, String key, int defaultValue) {
        return atLeast(options, key, defaultValue, 1);
    }

    static int atLeast(Map<String, String> options, String key, int defaultValue, int min) {
        String text = options.get(key);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw new IllegalArgumentException("option '" + key + "' is '" + text
                + "'; it takes a whole number of at least " + min);
    }
}
