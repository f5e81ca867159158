package dev.pegasus.shell;

import dev.pegasus.client.ClientOptions;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The admin shell. With {@code -e "cmd; cmd"} it runs the statements and exits non-zero at the first
 * that fails; otherwise it reads statements interactively, with history and {@code help}.
 */
@Command(name = "pegasus shell", mixinStandardHelpOptions = true, description = "Admin shell of a Pegasus cluster.")
public final class PegasusShell implements Callable<Integer> {
    @Option(names = "--meta", defaultValue = "127.0.0.1:34601", description = "meta servers, comma separated")
    String meta;
    @Option(names = {"-e", "--execute"}, description = "statements to run, separated by ';'")
    String statements;
    @Option(names = "--timeout-ms", defaultValue = "5000", description = "timeout of each operation")
    long timeoutMs;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PegasusShell()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ClientOptions options = ClientOptions.builder().metaServers(meta)
                .operationTimeout(java.time.Duration.ofMillis(timeoutMs)).build();
        if (statements != null) {
            PrintWriter out = new PrintWriter(System.out, true);
            try (ShellSession session = new ShellSession(PegasusClient.open(options), out)) {
                return runAll(new StatementRunner(session, out), statements) ? 0 : 1;
            }
        }
        try (Terminal terminal = TerminalBuilder.builder().system(true).build();
                ShellSession session = new ShellSession(PegasusClient.open(options), terminal.writer())) {
            return interactive(terminal, session);
        }
    }

    private static boolean runAll(StatementRunner runner, String input) {
        List<List<String>> parsed;
        try {
            parsed = CommandLines.statements(input);
        } catch (IllegalArgumentException e) {
            System.err.println("ERROR: " + e.getMessage());
            return false;
        }
        for (List<String> statement : parsed) {
            if (!runner.run(statement)) {
                return false;
            }
        }
        return true;
    }

    private int interactive(Terminal terminal, ShellSession session) {
        LineReader reader = LineReaderBuilder.builder().terminal(terminal)
                .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".pegasus_shell_history"))
                .build();
        StatementRunner runner = new StatementRunner(session, terminal.writer());
        terminal.writer().println("Pegasus shell on " + meta + ". Type 'help' for commands, 'exit' to leave.");
        while (true) {
            String line;
            try {
                line = reader.readLine("pegasus" + session.currentTableName().map(t -> "[" + t + "]").orElse("") + "> ");
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                return 0;
            }
            String trimmed = line.trim();
            if (trimmed.equals("exit") || trimmed.equals("quit")) {
                return 0;
            }
            if (trimmed.equals("help")) {
                runner.printHelp();
                continue;
            }
            runAll(runner, line);
            terminal.flush();
        }
    }

    /**
     * Runs one statement through picocli and reports failures as one clear line. Each statement gets a
     * command line of its own: picocli does not reset an option group between two runs of one command
     * line, so a second {@code split t} would keep the first one's {@code --status}.
     */
    static final class StatementRunner {
        private final ShellSession session;
        private final PrintWriter out;

        StatementRunner(ShellSession session, PrintWriter out) {
            this.session = session;
            this.out = out;
        }

        private CommandLine commandLine() {
            return new CommandLine(new ShellRoot(session))
                    .setCaseInsensitiveEnumValuesAllowed(true)
                    .setOut(out).setErr(new PrintWriter(System.err, true))
                    .setExecutionExceptionHandler((e, cmd, parsed) -> {
                        String what = e instanceof PegasusException || e instanceof IllegalArgumentException
                                ? e.getMessage() : e.toString();
                        cmd.getErr().println("ERROR: " + what);
                        return 1;
                    });
        }

        boolean run(List<String> statement) {
            int status = commandLine().execute(statement.toArray(String[]::new));
            out.flush();
            return status == 0;
        }

        void printHelp() {
            commandLine().getSubcommands().forEach((name, sub) -> out.printf("  %-14s %s%n", name,
                    String.join(" ", sub.getCommandSpec().usageMessage().description())));
        }
    }
}
