package dev.pegasus.flink;

import java.util.ArrayList;
import java.util.List;

/** The messages of an exception and of all its causes, for asserting what a failed job reported. */
public final class Throwables {
    private Throwables() {}

    public static String messages(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(t.getClass().getSimpleName() + ": " + t.getMessage());
        }
        return String.join("\n  caused by ", messages);
    }
}
