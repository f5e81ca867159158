package dev.pegasus.shell;

import dev.pegasus.client.PartitionConfiguration;
import dev.pegasus.client.TableConfiguration;
import dev.pegasus.client.TableInfo;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Table administration: ls, create, drop, recall, use, app, set_app_envs, del_app_envs. */
final class TableCommands {
    private TableCommands() {}

    @Command(name = "ls", description = "List tables.")
    static final class Ls implements Callable<Integer> {
        @ParentCommand ShellRoot root;
        @Option(names = {"-a", "--all"}, description = "include dropped tables")
        boolean all;
        @Option(names = {"-d", "--detailed"}, description = "count healthy partitions of each available table")
        boolean detailed;

        @Override
        public Integer call() {
            var admin = root.session.client().admin();
            List<TableInfo> tables = admin.listTables(all);
            PrintWriter out = root.session.out();
            out.printf("%-8s %-24s %-10s %-11s %-9s %-10s%s%n", "app_id", "name", "status", "partitions", "replicas",
                    "drop_time", detailed ? " healthy" : "");
            for (TableInfo table : tables) {
                String health = !detailed ? "" : table.dropTime().isPresent() ? " -"
                        : " " + admin.queryConfig(table.name()).partitions().stream()
                                .filter(PartitionConfiguration::healthy).count() + "/" + table.partitionCount();
                out.printf("%-8d %-24s %-10s %-11d %-9d %-10s%s%n", table.appId(), table.name(), table.status(),
                        table.partitionCount(), table.replicaCount(),
                        table.dropTime().map(Object::toString).orElse("-"), health);
            }
            out.printf("%d table(s)%n", tables.size());
            return 0;
        }
    }

    @Command(name = "create", description = "Create a table.")
    static final class Create implements Callable<Integer> {
        @ParentCommand ShellRoot root;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Option(names = {"-p", "--partition_count"}, defaultValue = "8", description = "partitions (power of two)")
        int partitions;
        @Option(names = {"-r", "--replica_count"}, defaultValue = "3", description = "copies of each partition")
        int replicas;
        @Option(names = {"-e", "--envs"}, split = ",", description = "table envs as key=value,key=value")
        Map<String, String> envs = new HashMap<>();

        @Override
        public Integer call() {
            int appId = root.session.client().admin().createTable(name, partitions, replicas, envs);
            root.session.out().printf("create table '%s' succeed, app_id = %d%n", name, appId);
            return 0;
        }
    }

    @Command(name = "drop", description = "Drop a table; its data is kept for a while and can be recalled.")
    static final class Drop implements Callable<Integer> {
        @ParentCommand ShellRoot root;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Option(names = {"-r", "--reserve_seconds"}, defaultValue = "0", description = "how long to keep the data")
        long reserveSeconds;

        @Override
        public Integer call() {
            root.session.client().admin().dropTable(name, reserveSeconds);
            root.session.out().printf("drop table '%s' succeed%n", name);
            return 0;
        }
    }

    @Command(name = "recall", description = "Bring back a dropped table.")
    static final class Recall implements Callable<Integer> {
        @ParentCommand ShellRoot root;
        @Parameters(index = "0", paramLabel = "APP_ID")
        int appId;
        @Parameters(index = "1", paramLabel = "NEW_NAME", arity = "0..1")
        String newName;

        @Override
        public Integer call() {
            TableInfo table = root.session.client().admin().recallTable(appId, newName);
            root.session.out().printf("recall table %d succeed as '%s'%n", appId, table.name());
            return 0;
        }
    }

    @Command(name = "use", description = "Choose the table the data commands work on.")
    static final class Use implements Callable<Integer> {
        @ParentCommand ShellRoot root;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            root.session.use(name);
            root.session.out().printf("OK%n");
            return 0;
        }
    }

    @Command(name = "app", description = "Show a table; with -d, every partition and where it is served.")
    static final class App implements Callable<Integer> {
        @ParentCommand ShellRoot root;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Option(names = {"-d", "--detailed"}, description = "list partitions")
        boolean detailed;

        @Override
        public Integer call() {
            var admin = root.session.client().admin();
            TableInfo info = admin.listTables(false).stream().filter(t -> t.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("table '" + name + "' does not exist"));
            TableConfiguration config = admin.queryConfig(name);
            PrintWriter out = root.session.out();
            out.printf("app_id: %d%nname: %s%nstatus: %s%npartition_count: %d%nreplica_count: %d%nenvs: %s%n",
                    info.appId(), info.name(), info.status(), info.partitionCount(), info.replicaCount(), info.envs());
            if (detailed) {
                out.printf("%-6s %-7s %-22s %-46s %-8s %s%n", "pidx", "ballot", "primary", "secondaries", "decree",
                        "health");
                int healthy = 0;
                for (PartitionConfiguration partition : config.partitions()) {
                    healthy += partition.healthy() ? 1 : 0;
                    out.printf("%-6d %-7d %-22s %-46s %-8d %s%n", partition.index(), partition.ballot(),
                            partition.primary(), partition.secondaries(), partition.lastCommittedDecree(),
                            partition.problem().map(problem -> "unhealthy: " + problem).orElse("healthy"));
                }
                out.printf("%d of %d partitions healthy%n", healthy, config.partitions().size());
            }
            return 0;
        }
    }

    @Command(name = "set_app_envs", description = "Set an env of the current table (e.g. default_ttl SECONDS).")
    static final class SetAppEnv implements Callable<Integer> {
        @ParentCommand ShellRoot root;
        @Parameters(index = "0", paramLabel = "KEY")
        String key;
        @Parameters(index = "1", paramLabel = "VALUE")
        String value;

        @Override
        public Integer call() {
            root.session.client().admin().setAppEnv(root.session.table().name(), key, value);
            root.session.out().printf("OK%n");
            return 0;
        }
    }

    @Command(name = "del_app_envs", description = "Remove an env of the current table.")
    static final class DelAppEnv implements Callable<Integer> {
        @ParentCommand ShellRoot root;
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Override
        public Integer call() {
            root.session.client().admin().delAppEnv(root.session.table().name(), key);
            root.session.out().printf("OK%n");
            return 0;
        }
    }
}
