package dev.pegasus.server.replica.learn;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.ValueSchema;
import dev.pegasus.protocol.rpc.RpcClient;
import dev.pegasus.protocol.rpc.RpcHandler;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.rpc.RpcServer;
import dev.pegasus.protocol.thrift.checkpoint_chunk;
import dev.pegasus.protocol.thrift.checkpoint_chunk_response;
import dev.pegasus.server.replica.storage.Mutation;
import dev.pegasus.server.replica.storage.PartitionStore;
import dev.pegasus.server.replica.storage.StorageClock;
import dev.pegasus.server.replica.storage.StorageEnvironment;
import dev.pegasus.server.replica.storage.StoreCheckpoint;
import dev.pegasus.server.replica.storage.StoreDirectories;
import dev.pegasus.server.replica.storage.WriteOp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A primary's store and a learner over real RPC on loopback: the learner's server serves {@code
 * RPC_REPLICA_CHECKPOINT_CHUNK} with a {@link CheckpointReceiver} (behind {@link #interceptor}, which
 * tests may set to tamper with chunks) whose installer really swaps the learner's store directory
 * and reopens it, on a thread of its own as a replica's worker would.
 */
abstract class TransferTestSupport {
    static final Gpid GPID = new Gpid(3, 1);
    static final RpcAddress PRIMARY = RpcAddress.parse("127.0.0.1:1");
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path tempDir;

    final AtomicLong nanoClock = new AtomicLong();
    final AtomicInteger installs = new AtomicInteger();
    StorageEnvironment env;
    PartitionStore source;
    volatile PartitionStore learner;
    Path learnerDir;
    Path stagingRoot;
    CheckpointReceiver receiver;
    RpcServer server;
    RpcClient rpc;
    RpcAddress learnerAddress;
    /** What the learner's server runs for each chunk; the receiver unless a test wraps it. */
    volatile RpcHandler<checkpoint_chunk, checkpoint_chunk_response> interceptor;
    /** Whether the learner's replica accepts a checkpoint, asked before installing it. */
    volatile boolean accepting = true;
    /** Installing waits for it: a test holds an install under way by leaving it incomplete. */
    volatile CompletableFuture<Void> installGate = CompletableFuture.completedFuture(null);
    private ExecutorService learnerWorker;
    private long sourceDecree;
    private int checkpoints;

    @BeforeEach
    void start() throws Exception {
        env = new StorageEnvironment(64L << 20, 64L << 20);
        source = PartitionStore.openWithoutWal(tempDir.resolve("primary/replicas/3.1"), env, StorageClock.SYSTEM);
        learnerDir = tempDir.resolve("learner/replicas/3.1");
        learner = PartitionStore.openWithoutWal(learnerDir, env, StorageClock.SYSTEM);
        stagingRoot = tempDir.resolve("learner/learn");
        learnerWorker = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "learner-worker"));
        receiver = new CheckpointReceiver(stagingRoot, this::install, IDLE_TIMEOUT, nanoClock::get);
        interceptor = receiver;
        server = new RpcServer("learner", 2, 16 << 20)
                .register(RpcMethods.REPLICA_CHECKPOINT_CHUNK, (context, chunk) -> interceptor.handle(context, chunk));
        InetSocketAddress bound = server.start(new InetSocketAddress("127.0.0.1", 0));
        learnerAddress = RpcAddress.parse("127.0.0.1:" + bound.getPort());
        rpc = new RpcClient("primary", 1, 2000);
    }

    @AfterEach
    void stop() throws Exception {
        rpc.close();
        server.close();
        receiver.close();
        learnerWorker.shutdown();
        learnerWorker.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        learner.close();
        source.close();
        env.close();
    }

    /** The learner replica's side of installing: close, swap directories, reopen. */
    private CompletableFuture<Boolean> install(Gpid gpid, long decree, Path stagedDir) {
        return CompletableFuture.supplyAsync(() -> {
            installGate.join();
            if (!accepting) {
                return false;
            }
            learner.close();
            try {
                StoreDirectories.replace(stagedDir, learnerDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                learner = PartitionStore.openWithoutWal(learnerDir, env, StorageClock.SYSTEM);
            }
            installs.incrementAndGet();
            return true;
        }, learnerWorker);
    }

    /** Applies {@code records} random records of {@code valueBytes} each, 100 per decree. */
    void fillSource(int records, int valueBytes, long seed) {
        Random random = new Random(seed);
        List<WriteOp> ops = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            byte[] value = new byte[valueBytes];
            random.nextBytes(value);
            byte[] key = KeySchema.encode(("hash" + i % 997).getBytes(StandardCharsets.UTF_8),
                    ("sort" + i).getBytes(StandardCharsets.UTF_8));
            ops.add(WriteOp.put(key, ValueSchema.encode(0, 0, value)));
            if (ops.size() == 100 || i == records - 1) {
                source.apply(++sourceDecree, new Mutation(ops));
                ops.clear();
            }
        }
    }

    StoreCheckpoint checkpointSource() {
        return source.createCheckpoint(tempDir.resolve("primary/checkpoints/3.1." + ++checkpoints));
    }

    checkpoint_chunk_response send(checkpoint_chunk chunk) throws Exception {
        return rpc.call(learnerAddress, RpcMethods.REPLICA_CHECKPOINT_CHUNK, GPID, 0, chunk, 10_000)
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Every chunk of the checkpoint, in order, at {@code chunkBytes} each (it stays on disk). */
    static List<checkpoint_chunk> chunksOf(StoreCheckpoint checkpoint, int chunkBytes) throws IOException {
        List<checkpoint_chunk> chunks = new ArrayList<>();
        try (ChunkReader reader = new ChunkReader(checkpoint, GPID, PRIMARY, chunkBytes)) {
            while (reader.hasNext()) {
                chunks.add(reader.next());
            }
        }
        return chunks;
    }

    List<String> staged() throws IOException {
        try (Stream<Path> list = Files.list(stagingRoot)) {
            return list.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    boolean stagingIsEmpty() {
        try {
            return staged().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
