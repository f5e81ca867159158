package dev.pegasus.bulkload;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code pegasus bulkload ...}: {@code generate} writes a bulk load directory from input files
 * offline; {@code start}, {@code status}, {@code pause}, {@code resume} and {@code cancel} ask the
 * meta server ({@code --meta}) to run and steer the ingestion into a live table.
 *
 * <p>Exit codes: {@value #OK} success, {@value #FAILED} an error, bad input or a failed load (with a
 * one-line message on stderr), {@value #USAGE} bad arguments.
 */
@Command(name = "bulkload", mixinStandardHelpOptions = true,
        description = "Bulk loads: SST files generated offline and ingested by a live table.",
        subcommands = {GenerateCommand.class, StartBulkLoadCommand.class, BulkLoadStatusCommand.class,
                BulkLoadControlCommand.Pause.class, BulkLoadControlCommand.Resume.class,
                BulkLoadControlCommand.Cancel.class, CommandLine.HelpCommand.class})
public final class BulkLoadTool implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed");
    }

    /** Runs one command with its output going to {@code out} and {@code err}; returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return run(new CommandLine(new BulkLoadTool()), out, err, args);
    }

    /**
     * Runs a command line of this module's kind (this tool, or a generator job): a failure is one line
     * {@code error: …} on {@code err} and exit code {@value #FAILED}, bad arguments {@value #USAGE}.
     */
    public static int run(CommandLine cli, PrintWriter out, PrintWriter err, String... args) {
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("error: " + describe(e));
            command.getErr().flush();
            return FAILED;
        });
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-bulkload-tool.xml");
        }
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(execute(out, err, args));
    }

    /**
     * The first line of the failure's message; for bad input, the bad row's message (file and line),
     * even where a framework such as Spark wrapped it in an account of its own.
     */
    private static String describe(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BadInputException) {
                return cause.getMessage();
            }
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.toString() : message.lines().findFirst().orElse(message);
    }
}
