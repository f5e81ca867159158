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
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cluster of real server JVMs on loopback (one meta server, several replica servers) around a
 * real ZooKeeper in this JVM. Servers can be killed with SIGKILL and restarted on the same port and
 * data directory, as an operator's crash would leave them.
 */
public final class ProcessCluster implements AutoCloseable {
    private final Path dir;
    private final EmbeddedZooKeeper zookeeper;
    private final int metaPort = Ports.free();
    private final List<Integer> replicaPorts = new ArrayList<>();
    private final Map<String, Process> processes = new ConcurrentHashMap<>();

    public ProcessCluster(Path dir, int replicaCount) throws Exception {
        this.dir = dir;
        zookeeper = new EmbeddedZooKeeper("127.0.0.1", Ports.free());
        zookeeper.start(dir.resolve("zookeeper"));
        startMeta();
        for (int i = 0; i < replicaCount; i++) {
            replicaPorts.add(Ports.free());
            startReplica(i);
        }
    }

    public String metaAddress() {
        return "127.0.0.1:" + metaPort;
    }

    public String replicaAddress(int index) {
        return "127.0.0.1:" + replicaPorts.get(index);
    }

    public void startMeta() throws IOException {
        start("meta", metaPort, List.of("meta", "--host", "127.0.0.1", "--port", Integer.toString(metaPort),
                "--zookeeper", zookeeper.connectString(), "--cluster", "test", "--node-timeout-ms", "5000"));
    }

    public void startReplica(int index) throws IOException {
        int port = replicaPorts.get(index);
        start("replica" + index, port, List.of("replica", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--meta", metaAddress(), "--data", dir.resolve("replica" + index).toString(),
                "--sync-interval-ms", "200"));
    }

    /** SIGKILL: the process gets no chance to flush or close anything. */
    public void kill(String name) throws InterruptedException {
        Process process = processes.remove(name);
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    public void killMeta() throws InterruptedException {
        kill("meta");
    }

    public void killReplica(int index) throws InterruptedException {
        kill("replica" + index);
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
        zookeeper.close();
    }
}
