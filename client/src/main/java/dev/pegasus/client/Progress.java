package dev.pegasus.client;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** For command-line tools: polling of a long operation the meta server runs, four times a second, within a deadline. */
public final class Progress {
    static final Duration POLL = Duration.ofMillis(250);

    private Progress() {
    }

    /**
     * Calls {@code done} every {@link #POLL} until it returns true.
     *
     * @return false when the deadline passed first
     */
    public static boolean pollUntil(Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(POLL.toMillis());
        }
        return true;
    }

    /** The last status {@link #follow} read, and whether it was finished before the deadline. */
    public record Followed<T>(T last, boolean finished) {}

    /**
     * Reads {@code status} every {@link #POLL} until it is {@code finished} or {@code timeout} passes, printing
     * its {@code summary} whenever that reads differently from the one printed before.
     */
    public static <T> Followed<T> follow(PrintWriter out, Duration timeout, Supplier<T> status,
            Function<T, String> summary, Predicate<T> finished) throws InterruptedException {
        return follow(printer(out), timeout, status, summary, finished);
    }

    /** Prints each line it gets and flushes, so that progress shows as it happens. */
    public static Consumer<String> printer(PrintWriter out) {
        return line -> {
            out.println(line);
            out.flush();
        };
    }

    /** As {@link #follow(PrintWriter, Duration, Supplier, Function, Predicate)}, handing each changed summary to {@code show}. */
    public static <T> Followed<T> follow(Consumer<String> show, Duration timeout, Supplier<T> status,
            Function<T, String> summary, Predicate<T> finished) throws InterruptedException {
        Object[] last = new Object[1];
        String[] shown = {""};
        boolean done = pollUntil(timeout, () -> {
            T current = status.get();
            last[0] = current;
            String line = summary.apply(current);
            if (!line.equals(shown[0])) {
                show.accept(line);
                shown[0] = line;
            }
            return finished.test(current);
        });
        @SuppressWarnings("unchecked")
        T seen = (T) last[0];
        return new Followed<>(seen, done);
    }

    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format("%.1f %s", value, units[unit]);
    }
}
