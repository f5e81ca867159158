package dev.pegasus.shell;

import dev.pegasus.client.NodeInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Cluster-wide views: nodes and cluster_info. */
final class ClusterCommands {
    private ClusterCommands() {}

    @Command(name = "nodes", description = "List replica servers and whether they are alive.")
    static final class Nodes implements Callable<Integer> {
        @ParentCommand ShellRoot root;
        @Option(names = {"-d", "--detailed"}, description = "also show each server's free data disk space")
        boolean detailed;

        @Override
        public Integer call() {
            List<NodeInfo> nodes = root.session.client().admin().listNodes();
            PrintWriter out = root.session.out();
            if (detailed) {
                out.printf("%-22s %-8s %s%n", "address", "status", "data disk");
                nodes.forEach(node -> out.printf("%-22s %-8s %s%n", node.address(), node.alive() ? "ALIVE" : "UNALIVE",
                        node.disk().map(ClusterCommands::describe).orElse("not reported")));
            } else {
                out.printf("%-22s %s%n", "address", "status");
                nodes.forEach(node -> out.printf("%-22s %s%n", node.address(), node.alive() ? "ALIVE" : "UNALIVE"));
            }
            out.printf("%d node(s), %d alive%n", nodes.size(), nodes.stream().filter(NodeInfo::alive).count());
            return 0;
        }
    }

    private static String describe(NodeInfo.DiskSpace disk) {
        return String.format("%.1f MB free of %.1f MB%s", disk.freeBytes() / 1048576.0, disk.totalBytes() / 1048576.0,
                disk.low() ? "  SHORT OF SPACE: writes refused" : "");
    }

    @Command(name = "cluster_info", description = "Show cluster-wide information from the meta server.")
    static final class ClusterInfo implements Callable<Integer> {
        @ParentCommand ShellRoot root;

        @Override
        public Integer call() {
            Map<String, String> info = root.session.client().admin().clusterInfo();
            info.forEach((key, value) -> root.session.out().printf("%-24s: %s%n", key, value));
            return 0;
        }
    }
}
