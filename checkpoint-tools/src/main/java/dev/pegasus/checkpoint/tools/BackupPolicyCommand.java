package dev.pegasus.checkpoint.tools;

import dev.pegasus.client.BackupPolicy;
import dev.pegasus.client.PegasusClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code backup policy add|list|remove}: scheduled backups kept to a count. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Backup policies: back up tables every interval and keep the newest backups.",
        subcommands = {BackupPolicyCommand.Add.class, BackupPolicyCommand.ListPolicies.class,
                BackupPolicyCommand.Remove.class})
final class BackupPolicyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "add, list or remove is needed");
    }

    private static final Pattern INTERVAL = Pattern.compile("(\\d+)([smhd])");

    /** "90s", "30m", "6h", "1d". */
    static Duration parseInterval(String text) {
        Matcher matcher = INTERVAL.matcher(text.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("interval '" + text + "' is not a number followed by s, m, h or d"
                    + " (e.g. 1d, 6h, 30m)");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    static void print(PrintWriter out, List<BackupPolicy> policies) {
        if (policies.isEmpty()) {
            out.println("no backup policies");
            out.flush();
            return;
        }
        TextTable table = new TextTable("NAME", "TABLES", "INTERVAL_S", "KEEP", "ROOT", "FIRST_NOT_BEFORE");
        for (BackupPolicy policy : policies) {
            table.row(policy.name(), String.join(",", policy.tables()), policy.interval().toSeconds(), policy.keep(),
                    policy.backupRoot(), policy.startAfter());
        }
        table.print(out);
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Adds a backup policy.")
    static final class Add implements Callable<Integer> {
        @Mixin
        MetaOption meta;

        @Parameters(index = "0", paramLabel = "NAME", description = "the policy's name")
        String name;

        @Option(names = "--tables", required = true, split = ",", paramLabel = "TABLE,...",
                description = "tables to back up")
        List<String> tables;

        @Option(names = "--interval", required = true, paramLabel = "DURATION",
                description = "time between backups of a table: 1d, 6h, 30m, 90s")
        String interval;

        @Option(names = "--keep", required = true, paramLabel = "N",
                description = "successful backups kept per table; older ones are deleted")
        int keep;

        @Option(names = "--to", required = true, paramLabel = "URI", description = "the backup root")
        String to;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Duration every = parseInterval(interval);
            try (PegasusClient client = meta.open()) {
                print(spec.commandLine().getOut(), client.admin().addBackupPolicy(new BackupPolicy(name, tables, every,
                        keep, to, Instant.now())));
                return BackupTool.OK;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the backup policies.")
    static final class ListPolicies implements Callable<Integer> {
        @Mixin
        MetaOption meta;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (PegasusClient client = meta.open()) {
                print(spec.commandLine().getOut(), client.admin().listBackupPolicies());
                return BackupTool.OK;
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Removes a backup policy; its backups stay.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        MetaOption meta;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (PegasusClient client = meta.open()) {
                print(spec.commandLine().getOut(), client.admin().removeBackupPolicy(name));
                return BackupTool.OK;
            }
        }
    }
}
