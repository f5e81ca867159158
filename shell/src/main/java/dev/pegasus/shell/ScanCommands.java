package dev.pegasus.shell;

import dev.pegasus.client.FilterType;
import dev.pegasus.client.KeyValue;
import dev.pegasus.client.PegasusScanner;
import dev.pegasus.client.ScanOptions;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Scans: one hash key's sort key range, the whole table, and counting records. */
final class ScanCommands {
    private ScanCommands() {}

    /** Filter and limit options shared by the scan commands. */
    abstract static class ScanCommand implements Callable<Integer> {
        @ParentCommand ShellRoot root;
        @Option(names = {"-s", "--sort_key_filter_type"}, defaultValue = "NO_FILTER",
                description = "NO_FILTER, MATCH_ANYWHERE, MATCH_PREFIX or MATCH_POSTFIX")
        FilterType sortKeyFilter;
        @Option(names = {"-y", "--sort_key_filter_pattern"}, defaultValue = "")
        String sortKeyPattern;
        @Option(names = {"-n", "--max_count"}, defaultValue = "-1", description = "stop after this many records")
        long maxCount;
        @Option(names = {"-o", "--no_value"}, description = "print keys only")
        boolean noValue;

        ScanOptions.Builder options() {
            return ScanOptions.builder().sortKeyFilter(sortKeyFilter, Escapes.parse(sortKeyPattern)).noValue(noValue);
        }

        /** Prints records from the scanners in turn, up to the limit; returns how many. */
        long print(List<PegasusScanner> scanners, boolean quiet) {
            PrintWriter out = root.session.out();
            long count = 0;
            for (PegasusScanner scanner : scanners) {
                try (scanner) {
                    KeyValue kv;
                    while ((maxCount < 0 || count < maxCount) && (kv = scanner.next()) != null) {
                        count++;
                        if (!quiet) {
                            out.printf(noValue ? "\"%s\" : \"%s\"%n" : "\"%s\" : \"%s\" => \"%s\"%n",
                                    Escapes.print(kv.hashKey()), Escapes.print(kv.sortKey()), Escapes.print(kv.value()));
                        }
                    }
                }
            }
            return count;
        }
    }

    @Command(name = "scan", description = "Scan one hash key: scan HASH_KEY [START_SORT_KEY [STOP_SORT_KEY]].")
    static final class Scan extends ScanCommand {
        @Parameters(index = "0", paramLabel = "HASH_KEY")
        String hashKey;
        @Parameters(index = "1", paramLabel = "START_SORT_KEY", arity = "0..1", defaultValue = "")
        String start;
        @Parameters(index = "2", paramLabel = "STOP_SORT_KEY", arity = "0..1", defaultValue = "")
        String stop;

        @Override
        public Integer call() {
            PegasusScanner scanner = root.session.table().getScanner(Escapes.parse(hashKey), Escapes.parse(start),
                    Escapes.parse(stop), options().build());
            root.session.out().printf("%d record(s)%n", print(List.of(scanner), false));
            return 0;
        }
    }

    @Command(name = "full_scan", description = "Scan the whole table, partition by partition.")
    static final class FullScan extends ScanCommand {
        @Override
        public Integer call() {
            var table = root.session.table();
            long count = print(table.getUnorderedScanners(table.partitionCount(), options().build()), false);
            root.session.out().printf("%d record(s)%n", count);
            return 0;
        }
    }

    @Command(name = "count_data", description = "Count the records of the current table.")
    static final class CountData extends ScanCommand {
        @Override
        public Integer call() {
            noValue = true;
            var table = root.session.table();
            long count = print(table.getUnorderedScanners(table.partitionCount(), options().build()), true);
            root.session.out().printf("%d%n", count);
            return 0;
        }
    }
}
