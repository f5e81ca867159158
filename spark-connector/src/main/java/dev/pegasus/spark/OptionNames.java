package dev.pegasus.spark;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Refuses option names a reader or writer does not know, so that a misspelt option is not ignored. */
final class OptionNames {
    private OptionNames() {
    }

    /**
     * @param known the names taken, in lower case (Spark's option maps are case-insensitive)
     * @param what "reading pegasus" or "writing to pegasus", for the message
     */
    static void check(Map<String, String> options, List<String> known, String what) {
        for (String name : options.keySet()) {
            if (!known.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("unknown option '" + name + "' for " + what + "; the options are: "
                        + String.join(", ", known));
            }
        }
    }
}
