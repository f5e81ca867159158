package dev.pegasus.checkpoint.tools;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code pegasus backup ...}: the backup command line. Subcommands that read a backup root
 * directly ({@code list}, {@code verify}) take it with {@code --from URI} ({@link BackupRootOption});
 * subcommands that ask the meta server to act ({@code start}, {@code status}, {@code policy},
 * {@code restore}) take the meta servers with {@code --meta} ({@link MetaOption}).
 *
 * <p>Exit codes: {@value #OK} success, {@value #FAILED} an error or a damaged backup (with a one-line
 * message on stderr), {@value #USAGE} bad arguments.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Backups of Pegasus tables on any Hadoop FileSystem (hdfs://, file://, s3a://, ...).",
        subcommands = {StartBackupCommand.class, BackupStatusCommand.class, ListBackupsCommand.class,
                VerifyBackupCommand.class, BackupPolicyCommand.class, RestoreCommand.class,
                CommandLine.HelpCommand.class})
public final class BackupTool implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed");
    }

    /** The command line with every subcommand, its errors printed as one line and mapped to exit codes. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new BackupTool());
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("error: " + describe(e));
            command.getErr().flush();
            return FAILED;
        });
        return cli;
    }

    /** Runs one command with its output going to {@code out} and {@code err}; returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    public static void main(String[] args) {
        // Before any logger exists: the servers' configuration may be on the classpath too.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-backup-tool.xml");
        }
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(execute(out, err, args));
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.toString() : message.lines().findFirst().orElse(message);
    }
}
