package dev.pegasus.bench;

import dev.pegasus.client.ClientOptions;
import dev.pegasus.client.PartitionConfiguration;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusException;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.protocol.PartitionHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures how long a partition cannot take writes after its primary's process is SIGKILLed, with
 * the cluster's settings as they are: writes one key of the partition every 10 ms (1 s timeout
 * each) and reports the time from the kill to the first write that succeeds afterwards.
 */
@Command(name = "failover-probe", mixinStandardHelpOptions = true)
public final class FailoverProbe implements Callable<Integer> {
    @Option(names = "--meta", required = true)
    String meta;
    @Option(names = "--onebox", required = true, description = "the onebox directory, whose */pid files name the servers")
    Path onebox;
    @Option(names = "--rounds", defaultValue = "3")
    int rounds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FailoverProbe()).execute(args));
    }

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Integer call() throws Exception {
        ClientOptions options = ClientOptions.builder().metaServers(meta).operationTimeout(Duration.ofSeconds(1)).build();
        try (PegasusClient client = PegasusClient.open(options)) {
            client.admin().createTableIfAbsent("failover", 8, 3, Map.of());
            PegasusTable table = client.openTable("failover");
            System.out.printf("%-6s %-22s %12s%n", "round", "killed primary", "writes again");
            for (int round = 1; round <= rounds; round++) {
                awaitHealthy(client);
                String key = "probe";
                int partition = PartitionHash.partitionIndex(PartitionHash.of(b(key), b("v")), table.partitionCount());
                String primary = client.admin().queryConfig("failover").partitions().get(partition).primary();
                ProcessHandle victim = serverListeningOn(primary.substring(primary.indexOf(':') + 1));
                table.set(b(key), b("v"), b("before"));
                long killedAt = System.nanoTime();
                victim.destroyForcibly();
                long recoveredAt = firstWriteAfter(table, key, killedAt);
                System.out.printf("%-6d %-22s %9d ms%n", round, primary, (recoveredAt - killedAt) / 1_000_000);
                restart();
            }
        }
        return 0;
    }

    private static long firstWriteAfter(PegasusTable table, String key, long since) throws InterruptedException {
        long deadline = since + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                table.set(b(key), b("v"), b("after"));
                return System.nanoTime();
            } catch (PegasusException e) {
                Thread.sleep(10);
            }
        }
        throw new IllegalStateException("writes did not come back within 2 minutes");
    }

    private ProcessHandle serverListeningOn(String port) throws IOException {
        try (Stream<Path> dirs = Files.list(onebox)) {
            for (Path pidFile : dirs.map(dir -> dir.resolve("pid")).filter(Files::exists).toList()) {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
                if (handle != null && handle.info().arguments().map(Arrays::asList).orElse(List.of()).contains(port)) {
                    return handle;
                }
            }
        }
        throw new IllegalStateException("no onebox process serves port " + port);
    }

    /** Starts the killed server again, as an operator would. */
    private static void restart() throws IOException, InterruptedException {
        new ProcessBuilder("bin/pegasus", "onebox", "start").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    private static void awaitHealthy(PegasusClient client) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                List<PartitionConfiguration> partitions = client.admin().queryConfig("failover").partitions();
                boolean alive = client.admin().listNodes().stream().allMatch(n -> n.alive());
                if (alive && partitions.stream().allMatch(p -> !"-".equals(p.primary()) && p.secondaries().size() == 2)) {
                    return;
                }
            } catch (PegasusException e) {
                // the meta server may be choosing; look again
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the table did not get back to 3 healthy replicas within 3 minutes");
    }
}
