package dev.pegasus.shell;

import dev.pegasus.client.PegasusAdmin;
import dev.pegasus.client.Progress;
import dev.pegasus.client.SplitControl;
import dev.pegasus.client.SplitStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Online partition split: start, follow, pause, resume, cancel. */
final class SplitCommands {
    private SplitCommands() {}

    @Command(name = "split", description = "Double a table's partition count while it serves. --status shows how far "
            + "it is; --pause, --resume and --cancel control it (cancel only before any partition split).")
    static final class Split implements Callable<Integer> {
        @ParentCommand ShellRoot root;
        @Parameters(index = "0", description = "the table") String table;
        @ArgGroup(exclusive = true) Action action;
        @Option(names = "--wait", description = "follow the split until it ends") boolean await;
        @Option(names = "--timeout-s", defaultValue = "3600", description = "how long --wait waits") long timeoutSeconds;

        static final class Action {
            @Option(names = "--status") boolean status;
            @Option(names = "--pause") boolean pause;
            @Option(names = "--resume") boolean resume;
            @Option(names = "--cancel") boolean cancel;
        }

        @Override
        public Integer call() throws InterruptedException {
            PegasusAdmin admin = root.session.client().admin();
            PrintWriter out = root.session.out();
            if (action == null) {
                out.println("table '" + table + "' splits into " + admin.startSplit(table) + " partitions");
            } else if (action.status) {
                out.println(admin.splitStatus(table).hint());
            } else {
                out.println(admin.controlSplit(table, action.pause ? SplitControl.PAUSE
                        : action.resume ? SplitControl.RESUME : SplitControl.CANCEL));
            }
            if (!await) {
                return 0;
            }
            Progress.Followed<SplitStatus> followed = Progress.follow(out, Duration.ofSeconds(timeoutSeconds),
                    () -> admin.splitStatus(table), SplitStatus::hint, status -> !status.splitting());
            return followed.finished() ? 0 : 1;
        }
    }
}
