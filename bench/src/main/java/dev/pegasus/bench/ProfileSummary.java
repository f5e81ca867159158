package dev.pegasus.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Where a server's CPU time went, from a JFR recording: the share of execution samples per thread
 * group, the methods most often on top of the stack (self time) and the methods most often anywhere
 * on it (inclusive time), so a profile fits in a few tables in BENCHMARKS.md.
 */
@Command(name = "profile-summary", mixinStandardHelpOptions = true)
public final class ProfileSummary implements Callable<Integer> {
    @Parameters(description = "JFR recordings (jdk.ExecutionSample events)")
    List<Path> recordings;

    @Option(names = "--top", defaultValue = "20")
    int top;

    @Option(names = "--inclusive-prefix", defaultValue = "dev.pegasus.",
            description = "only methods of these classes in the inclusive table")
    String inclusivePrefix;

    private final Map<String, Integer> byThread = new HashMap<>();
    private final Map<String, Integer> self = new HashMap<>();
    private final Map<String, Integer> inclusive = new HashMap<>();
    private int samples;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ProfileSummary()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        for (Path recording : recordings) {
            for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
                if (event.getEventType().getName().equals("jdk.ExecutionSample")) {
                    count(event);
                }
            }
        }
        System.out.printf("%d execution samples%n", samples);
        print("thread (digits dropped)", byThread, top);
        print("self: method on top of the stack", self, top);
        print("inclusive: " + inclusivePrefix + "* method anywhere on the stack", inclusive, top);
        return 0;
    }

    private void count(RecordedEvent event) {
        RecordedStackTrace stack = event.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
            return;
        }
        samples++;
        String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
        byThread.merge(thread == null ? "?" : thread.replaceAll("\\d+", "N"), 1, Integer::sum);
        List<RecordedFrame> frames = stack.getFrames();
        self.merge(name(frames.get(0)), 1, Integer::sum);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame frame : frames) {
            String name = name(frame);
            if (name.startsWith(inclusivePrefix) && seen.add(name)) {
                inclusive.merge(name, 1, Integer::sum);
            }
        }
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private void print(String title, Map<String, Integer> counts, int limit) {
        System.out.printf("%n| %s | samples | share |%n|---|---|---|%n", title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(limit)
                .forEach(e -> System.out.printf("| %s | %d | %.1f%% |%n", e.getKey(), e.getValue(),
                        100.0 * e.getValue() / Math.max(1, samples)));
    }
}
