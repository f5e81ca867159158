package dev.pegasus.shell;

import dev.pegasus.client.BalancePlan;
import dev.pegasus.client.DecommissionAction;
import dev.pegasus.client.DecommissionStatus;
import dev.pegasus.client.MetaLevel;
import dev.pegasus.client.NodeLoad;
import dev.pegasus.client.PegasusAdmin;
import dev.pegasus.client.Progress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The balancer: its level, its plan, and draining replica servers. */
final class BalanceCommands {
    private BalanceCommands() {}

    static String levelName(MetaLevel level) {
        return level.name().toLowerCase(Locale.ROOT);
    }

    @Command(name = "set_meta_level", description = "lively: the balancer evens out the load; steady: it only "
            + "finishes copies under way and drains decommissioned nodes.")
    static final class SetMetaLevel implements Callable<Integer> {
        @ParentCommand ShellRoot root;
        @Parameters(index = "0", description = "lively or steady") String level;

        @Override
        public Integer call() {
            MetaLevel wanted = switch (level.toLowerCase(Locale.ROOT)) {
                case "lively" -> MetaLevel.LIVELY;
                case "steady" -> MetaLevel.STEADY;
                default -> throw new IllegalArgumentException("the meta level is lively or steady, not '" + level + "'");
            };
            root.session.out().println("meta level: " + levelName(root.session.client().admin().setMetaLevel(wanted)));
            return 0;
        }
    }

    @Command(name = "get_meta_level", description = "Show the meta level (lively or steady).")
    static final class GetMetaLevel implements Callable<Integer> {
        @ParentCommand ShellRoot root;

        @Override
        public Integer call() {
            root.session.out().println("meta level: " + levelName(root.session.client().admin().metaLevel()));
            return 0;
        }
    }

    @Command(name = "balance", description = "Show the load per replica server, the copies under way and what the "
            + "balancer does next.")
    static final class Balance implements Callable<Integer> {
        @ParentCommand ShellRoot root;

        @Override
        public Integer call() {
            BalancePlan plan = root.session.client().admin().balancePlan();
            PrintWriter out = root.session.out();
            out.println("meta level: " + levelName(plan.level())
                    + plan.frozenReason().map(reason -> " (frozen: " + reason + ")").orElse(""));
            out.printf("%-22s %-8s %-10s %9s %9s%n", "node", "status", "drain", "primaries", "replicas");
            for (NodeLoad load : plan.nodes()) {
                out.printf("%-22s %-8s %-10s %9d %9d%n", load.node(), load.alive() ? "ALIVE" : "UNALIVE",
                        load.draining() ? "draining" : "-", load.primaries(), load.replicas());
            }
            out.println("copies under way: " + (plan.movesUnderWay().isEmpty() ? "none" : ""));
            plan.movesUnderWay().forEach(move -> out.println("  " + move));
            out.println("next steps: " + (plan.nextSteps().isEmpty() ? "none (balanced)" : ""));
            plan.nextSteps().forEach(step -> out.println("  " + step));
            return 0;
        }
    }

    @Command(name = "decommission", description = "Drain a replica server: every replica moves away, then it may be "
            + "stopped. --cancel keeps it; --status only shows progress.")
    static final class Decommission implements Callable<Integer> {
        @ParentCommand ShellRoot root;
        @Parameters(index = "0", description = "HOST:PORT of the replica server") String node;
        @Option(names = "--cancel", description = "stop draining: the server receives replicas again") boolean cancel;
        @Option(names = "--status", description = "only show how far draining is") boolean status;
        @Option(names = "--wait", description = "follow progress until the server is empty") boolean await;
        @Option(names = "--timeout-s", defaultValue = "3600", description = "how long --wait waits") long timeoutSeconds;

        @Override
        public Integer call() throws InterruptedException {
            PegasusAdmin admin = root.session.client().admin();
            PrintWriter out = root.session.out();
            DecommissionAction action = cancel ? DecommissionAction.CANCEL : status ? DecommissionAction.QUERY
                    : DecommissionAction.START;
            DecommissionStatus response = admin.decommission(node, action);
            if (!await || !response.draining()) {
                out.println(response.hint());
                return 0;
            }
            Progress.Followed<DecommissionStatus> followed = Progress.follow(out, Duration.ofSeconds(timeoutSeconds),
                    () -> admin.decommission(node, DecommissionAction.QUERY), DecommissionStatus::hint,
                    DecommissionStatus::removable);
            return followed.finished() ? 0 : 1;
        }
    }
}
