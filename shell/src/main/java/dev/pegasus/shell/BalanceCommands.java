package dev.pegasus.shell;

import dev.pegasus.client.PegasusAdmin;
import dev.pegasus.client.Progress;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.balance_plan_response;
import dev.pegasus.protocol.thrift.decommission_op;
import dev.pegasus.protocol.thrift.decommission_response;
import dev.pegasus.protocol.thrift.meta_level;
import dev.pegasus.protocol.thrift.node_load;
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

    static String levelName(meta_level level) {
        return level == null ? "unknown" : level.name().substring("ML_".length()).toLowerCase(Locale.ROOT);
    }

    @Command(name = "set_meta_level", description = "lively: the balancer evens out the load; steady: it only "
            + "finishes copies under way and drains decommissioned nodes.")
    static final class SetMetaLevel implements Callable<Integer> {
        @ParentCommand ShellRoot root;
        @Parameters(index = "0", description = "lively or steady") String level;

        @Override
        public Integer call() {
            meta_level wanted = switch (level.toLowerCase(Locale.ROOT)) {
                case "lively" -> meta_level.ML_LIVELY;
                case "steady" -> meta_level.ML_STEADY;
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
            balance_plan_response plan = root.session.client().admin().balancePlan();
            PrintWriter out = root.session.out();
            out.println("meta level: " + levelName(plan.getLevel())
                    + (plan.isFrozen() ? " (frozen: " + plan.getFrozen_reason() + ")" : ""));
            out.printf("%-22s %-8s %-10s %9s %9s%n", "node", "status", "drain", "primaries", "replicas");
            for (node_load load : plan.getNodes()) {
                out.printf("%-22s %-8s %-10s %9d %9d%n", RpcAddress.describe(load.getNode()),
                        load.isAlive() ? "ALIVE" : "UNALIVE", load.isDraining() ? "draining" : "-",
                        load.getPrimaries(), load.getReplicas());
            }
            out.println("copies under way: " + (plan.getMoves_under_way().isEmpty() ? "none" : ""));
            plan.getMoves_under_way().forEach(move -> out.println("  " + move));
            out.println("next steps: " + (plan.getNext_steps().isEmpty() ? "none (balanced)" : ""));
            plan.getNext_steps().forEach(step -> out.println("  " + step));
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
            decommission_op op = cancel ? decommission_op.DO_CANCEL : status ? decommission_op.DO_QUERY
                    : decommission_op.DO_START;
            decommission_response response = admin.decommission(node, op);
            if (!await || !response.isDraining()) {
                out.println(response.getHint_message());
                return 0;
            }
            Progress.Followed<decommission_response> followed = Progress.follow(out, Duration.ofSeconds(timeoutSeconds),
                    () -> admin.decommission(node, decommission_op.DO_QUERY), decommission_response::getHint_message,
                    decommission_response::isRemovable);
            return followed.finished() ? 0 : 1;
        }
    }
}
