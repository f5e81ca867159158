package dev.pegasus.server.testing;

import dev.pegasus.server.ServerMain;
import dev.pegasus.server.zookeeper.EmbeddedZooKeeper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cluster of real server JVMs on loopback (meta servers electing a leader, replica servers) around
 * a real ZooKeeper in this JVM. Servers can be killed with SIGKILL and restarted on the same port and
 * data directory, as an operator's crash would leave them. Meta servers run with their default
 * ZooKeeper session timeout, so a killed leader is replaced as quickly as in production.
 */
public final class ProcessCluster implements AutoCloseable {
    private final Path dir;
    private final int zookeeperPort;
    private EmbeddedZooKeeper zookeeper;
    private final List<Integer> metaPorts = new ArrayList<>();
    private final List<Integer> replicaPorts = new ArrayList<>();
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final MetaProbe probe = new MetaProbe();
    private final List<String> metaArgs;
    private final List<String> replicaArgs;

    public ProcessCluster(Path dir, int replicaCount) throws Exception {
        this(dir, 1, replicaCount);
    }

    public ProcessCluster(Path dir, int metaCount, int replicaCount) throws Exception {
        this(dir, metaCount, replicaCount, List.of());
    }

    /** @param replicaArgs extra command line options of every replica server */
    public ProcessCluster(Path dir, int metaCount, int replicaCount, List<String> replicaArgs) throws Exception {
        this(dir, metaCount, replicaCount, List.of(), replicaArgs);
    }

    /** @param metaArgs extra command line options of every meta server, e.g. its cluster id and remotes */
    public ProcessCluster(Path dir, int metaCount, int replicaCount, List<String> metaArgs, List<String> replicaArgs)
            throws Exception {
        this.dir = dir;
        this.metaArgs = List.copyOf(metaArgs);
        this.replicaArgs = List.copyOf(replicaArgs);
        zookeeperPort = Ports.free();
        startZooKeeper();
        for (int i = 0; i < metaCount; i++) {
            metaPorts.add(Ports.free());
            startMeta(i);
        }
        for (int i = 0; i < replicaCount; i++) {
            replicaPorts.add(Ports.free());
            startReplica(i);
        }
    }

    private void startZooKeeper() throws IOException, InterruptedException {
        zookeeper = new EmbeddedZooKeeper("127.0.0.1", zookeeperPort);
        zookeeper.start(dir.resolve("zookeeper"));
    }

    /**
     * Stops everything as an operator does: SIGTERM to every replica server and then every meta server
     * (each closes cleanly), then ZooKeeper.
     */
    public void stopAll() throws InterruptedException {
        for (String name : List.copyOf(processes.keySet())) {
            if (name.startsWith("replica")) {
                stop(name);
            }
        }
        for (String name : List.copyOf(processes.keySet())) {
            stop(name);
        }
        zookeeper.close();
    }

    /** Kills everything at once, as a power cut would: SIGKILL to every server, then ZooKeeper stops. */
    public void killAll() throws InterruptedException {
        List<Process> all = List.copyOf(processes.values());
        processes.clear();
        all.forEach(Process::destroyForcibly);
        for (Process process : all) {
            process.waitFor();
        }
        zookeeper.close();
    }

    /**
     * Starts ZooKeeper, every meta server and every replica server but those named, on their old ports
     * and data directories.
     */
    public void startAll(Set<Integer> replicasLeftDown) throws IOException, InterruptedException {
        startZooKeeper();
        for (int i = 0; i < metaPorts.size(); i++) {
            startMeta(i);
        }
        for (int i = 0; i < replicaPorts.size(); i++) {
            if (!replicasLeftDown.contains(i)) {
                startReplica(i);
            }
        }
    }

    /** SIGTERM, and waits for the process to exit. */
    public void stop(String name) throws InterruptedException {
        Process process = processes.remove(name);
        if (process != null) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }

    /** Every meta server, comma separated, as clients and replica servers are configured. */
    public String metaAddress() {
        return String.join(",", metaAddresses());
    }

    public List<String> metaAddresses() {
        return metaPorts.stream().map(port -> "127.0.0.1:" + port).toList();
    }

    public String replicaAddress(int index) {
        return "127.0.0.1:" + replicaPorts.get(index);
    }

    /** The index of the replica server with this address (host:port). */
    public int replicaIndexOf(String address) {
        for (int i = 0; i < replicaPorts.size(); i++) {
            if (replicaAddress(i).equals(address)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no replica server at " + address + " in " + replicaPorts);
    }

    public void startMeta(int index) throws IOException {
        int port = metaPorts.get(index);
        List<String> args = new ArrayList<>(List.of("meta", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--zookeeper", zookeeper.connectString(), "--cluster", "test", "--lease-ms", "4000", "--grace-ms", "1000"));
        args.addAll(metaArgs);
        start("meta" + index, port, args);
    }

    public void killMeta(int index) throws InterruptedException {
        kill("meta" + index);
    }

    /** The index of the meta server that leads now, as the serving leader reports itself. */
    public Optional<Integer> leader() {
        return probe.leader(metaAddresses()).map(metaAddresses()::indexOf).filter(index -> index >= 0);
    }

    /** The meta servers taking part in the leader election, as the leader lists them; empty without a leader. */
    public List<String> electionParticipants() {
        return probe.leaderClusterInfo(metaAddresses()).map(info -> List.of(info.get("meta_servers").split(",")))
                .orElse(List.of());
    }

    /** Waits until some meta server leads and serves, and returns its index. */
    public int awaitLeader(Duration timeout) {
        Await.until("a meta server to lead", timeout, () -> leader().isPresent());
        return leader().orElseThrow();
    }

    public void startReplica(int index) throws IOException {
        int port = replicaPorts.get(index);
        List<String> args = new ArrayList<>(List.of("replica", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--meta", metaAddress(), "--data", replicaDir(index).toString(),
                "--sync-interval-ms", "200"));
        if (!replicaArgs.contains("--disk-min-free-ratio")) {
            // A share of the machine's disk (10% of a large one) is no business of a test: only a floor.
            args.addAll(List.of("--disk-min-free-ratio", "0"));
        }
        args.addAll(replicaArgs);
        start("replica" + index, port, args);
    }

    /** Starts one more replica server on a new port; returns its index. */
    public int addReplica() throws IOException {
        replicaPorts.add(Ports.free());
        int index = replicaPorts.size() - 1;
        startReplica(index);
        return index;
    }

    /** The data directory of a replica server. */
    public Path replicaDir(int index) {
        return dir.resolve("replica" + index);
    }

    public void killReplica(int index) throws InterruptedException {
        kill("replica" + index);
    }

    /** SIGKILL: the process gets no chance to flush or close anything. */
    public void kill(String name) throws InterruptedException {
        Process process = processes.remove(name);
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    private void start(String name, int port, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                ServerMain.class.getName()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile())).start();
        processes.put(name, process);
        Await.until(name + " listening on port " + port, Duration.ofSeconds(60), () -> {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + "; see " + dir.resolve(name + ".log"));
            }
            return isListening(port);
        });
    }

    private static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        processes.values().forEach(Process::destroyForcibly);
        for (Process process : processes.values()) {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        probe.close();
        zookeeper.close();
    }
}
