package dev.pegasus.shell;

import dev.pegasus.client.Duplication;
import dev.pegasus.client.DuplicationFailMode;
import dev.pegasus.client.PegasusAdmin;
import java.io.PrintWriter;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Duplication of tables to other clusters: add, list, pause, start, remove, follow, fail mode. */
final class DuplicationCommands {
    private DuplicationCommands() {}

    @Command(name = "dup", description = "Duplicate tables to other clusters asynchronously.",
            subcommands = {Add.class, ListDuplications.class, Pause.class, Start.class, Remove.class, Status.class,
                    FailMode.class})
    static final class Dup {
        @ParentCommand ShellRoot root;

        PegasusAdmin admin() {
            return root.session.client().admin();
        }

        PrintWriter out() {
            return root.session.out();
        }
    }

    @Command(name = "add", description = "Duplicate TABLE to the remote CLUSTER (known to the meta server by its "
            + "--remote-cluster), where a table of the same name must exist: writes acknowledged from now on are "
            + "applied there too. With --full, the remote table must not exist: it is created from a copy of "
            + "TABLE's data first.")
    static final class Add implements Callable<Integer> {
        @ParentCommand Dup dup;
        @Parameters(index = "0", description = "the table") String table;
        @Parameters(index = "1", description = "the remote cluster's name") String cluster;
        @Option(names = "--full", description = "create the remote table from a copy of this one's checkpoints "
                + "(through the meta server's --duplication-checkpoint-root), then ship from them")
        boolean full;

        @Override
        public Integer call() {
            int id = dup.admin().addDuplication(table, cluster, full);
            dup.out().println("table '" + table + "' duplicates to cluster '" + cluster + "' as dupid " + id);
            if (full) {
                dup.out().println("its data is copied first (PREPARE, then APP) and shipping follows (LOG): "
                        + "follow it with 'dup status " + table + " " + id + "'");
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List a table's duplications, or those of every table.")
    static final class ListDuplications implements Callable<Integer> {
        @ParentCommand Dup dup;
        @Parameters(index = "0", arity = "0..1", description = "the table (default: every table)") String table;

        @Override
        public Integer call() {
            List<String> tables = table != null ? List.of(table)
                    : dup.admin().listTables(false).stream().map(info -> info.name()).toList();
            dup.out().printf("%-24s %-12s %-16s %-6s %-5s %s%n", "table", "dupid", "remote", "status", "fail",
                    "pending mutations");
            for (String name : tables) {
                for (Duplication duplication : dup.admin().listDuplications(name)) {
                    dup.out().printf("%-24s %-12d %-16s %-6s %-5s %d%n", name, duplication.id(),
                            duplication.remoteCluster(), duplication.status(), duplication.failMode(),
                            duplication.pendingMutations());
                }
            }
            return 0;
        }
    }

    @Command(name = "status", description = "Per partition of a table's duplication: confirmed decree (applied "
            + "remotely), the primary's committed decree, lag in mutations and in milliseconds, writes skipped, and "
            + "writes shipped more than once.")
    static final class Status implements Callable<Integer> {
        @ParentCommand Dup dup;
        @Parameters(index = "0", description = "the table") String table;
        @Parameters(index = "1", arity = "0..1", description = "the dupid (default: every duplication of the table)")
        Integer dupid;

        @Override
        public Integer call() {
            PrintWriter out = dup.out();
            for (Duplication duplication : dup.admin().listDuplications(table)) {
                if (dupid != null && duplication.id() != dupid) {
                    continue;
                }
                out.printf("dupid %d to '%s': %s, fail mode %s, created %s%n", duplication.id(),
                        duplication.remoteCluster(), duplication.status(), duplication.failMode(),
                        duplication.createdAt());
                duplication.copyProgress().ifPresent(progress -> out.println("  copy: " + progress));
                out.printf("  %-9s %-10s %-10s %-12s %-10s %-8s %s%n", "partition", "confirmed", "committed",
                        "lag (muts)", "lag (ms)", "skipped", "shipped twice");
                TreeSet<Integer> partitions = new TreeSet<>(duplication.confirmedDecrees().keySet());
                partitions.addAll(duplication.committedDecrees().keySet());
                for (int partition : partitions) {
                    Long confirmed = duplication.confirmedDecrees().get(partition);
                    Long committed = duplication.committedDecrees().get(partition);
                    out.printf("  %-9d %-10s %-10s %-12s %-10s %-8d %d%n", partition, text(confirmed),
                            text(committed), confirmed == null || committed == null ? "-" : Long.toString(Math.max(0,
                                    committed - confirmed)), text(duplication.lagMillis().get(partition)),
                            duplication.skipped().getOrDefault(partition, 0L),
                            duplication.repeated().getOrDefault(partition, 0L));
                }
            }
            return 0;
        }

        private static String text(Long value) {
            return value == null ? "-" : value.toString();
        }
    }

    @Command(name = "pause", description = "Stop shipping a duplication; the table keeps its log for a later start.")
    static final class Pause implements Callable<Integer> {
        @ParentCommand Dup dup;
        @Parameters(index = "0", description = "the table") String table;
        @Parameters(index = "1", description = "the dupid") int dupid;

        @Override
        public Integer call() {
            dup.admin().pauseDuplication(table, dupid);
            dup.out().println("duplication " + dupid + " of '" + table + "' paused");
            return 0;
        }
    }

    @Command(name = "start", description = "Ship a paused duplication again from where it stopped.")
    static final class Start implements Callable<Integer> {
        @ParentCommand Dup dup;
        @Parameters(index = "0", description = "the table") String table;
        @Parameters(index = "1", description = "the dupid") int dupid;

        @Override
        public Integer call() {
            dup.admin().startDuplication(table, dupid);
            dup.out().println("duplication " + dupid + " of '" + table + "' started");
            return 0;
        }
    }

    @Command(name = "remove", description = "End a duplication; the remote table keeps what it received.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand Dup dup;
        @Parameters(index = "0", description = "the table") String table;
        @Parameters(index = "1", description = "the dupid") int dupid;

        @Override
        public Integer call() {
            dup.admin().removeDuplication(table, dupid);
            dup.out().println("duplication " + dupid + " of '" + table + "' removed");
            return 0;
        }
    }

    @Command(name = "fail-mode", description = "What a primary does when its unshipped log outgrows its bound: "
            + "SLOW keeps it and retries, SKIP drops what is past the bound (a million mutations).")
    static final class FailMode implements Callable<Integer> {
        @ParentCommand Dup dup;
        @Parameters(index = "0", description = "the table") String table;
        @Parameters(index = "1", description = "the dupid") int dupid;
        @Parameters(index = "2", description = "SLOW or SKIP") DuplicationFailMode mode;

        @Override
        public Integer call() {
            dup.admin().setDuplicationFailMode(table, dupid, mode);
            dup.out().println("duplication " + dupid + " of '" + table + "' fails " + mode);
            return 0;
        }
    }
}
