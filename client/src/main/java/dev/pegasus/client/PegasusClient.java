package dev.pegasus.client;

import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.RpcClient;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point: a connection to one cluster, shared by every table opened through it. Thread-safe and
 * meant to live as long as the application; it owns network threads, a timer for retries and the
 * threads that complete async results, all released by {@link #close()}.
 */
public final class PegasusClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PegasusClient.class);

    private final ClientOptions options;
    private final RpcClient rpc;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService callbackPool;
    private final Executor callbackExecutor;
    private final RouteCache routes;
    private final PartitionCaller caller;
    private final PegasusAdmin admin;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PegasusClient(ClientOptions options) {
        this.options = options;
        List<RpcAddress> metaServers = options.metaServers().stream().map(Addresses::resolve).toList();
        this.rpc = new RpcClient("pegasus-client", options.ioThreads(), (int) options.connectTimeout().toMillis());
        this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("pegasus-client-timer"));
        timer.setRemoveOnCancelPolicy(true);
        this.callbackPool = Executors.newCachedThreadPool(daemonThreads("pegasus-client-callback"));
        this.callbackExecutor = runInlineOnceClosed(callbackPool);
        MetaSession meta = new MetaSession(rpc, metaServers, RetryPolicy.DEFAULT, timer);
        this.routes = new RouteCache(meta, options.operationTimeout());
        this.caller = new PartitionCaller(rpc, routes, RetryPolicy.DEFAULT, timer, closed::get);
        this.admin = new PegasusAdmin(meta, routes, options);
    }

    public static PegasusClient open(ClientOptions options) {
        PegasusClient client = new PegasusClient(options);
        LOG.info("Pegasus client opened: {}", options);
        return client;
    }

    /** @param metaServers comma-separated {@code host:port} list, e.g. {@code "127.0.0.1:34601,127.0.0.1:34602"} */
    public static PegasusClient open(String metaServers) {
        return open(ClientOptions.builder().metaServers(metaServers).build());
    }

    public ClientOptions options() {
        return options;
    }

    /**
     * Looks the table up on the meta server and returns a handle on it. Cheap to call again; handles of
     * one table share the client's route cache.
     *
     * @throws PegasusException ERR_OBJECT_NOT_FOUND when the table does not exist
     */
    public PegasusTable openTable(String tableName) {
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("openTable: table name must not be empty");
        }
        if (closed.get()) {
            throw new IllegalStateException("openTable '" + tableName + "': the client is closed");
        }
        Futures.await(routes.refresh(tableName, routes.cached(tableName).orElse(null)));
        return new PegasusTable(new TableContext(tableName, options, caller, routes, callbackExecutor,
                new Requests(tableName, options)));
    }

    public PegasusAdmin admin() {
        return admin;
    }

    /** Fails operations still under way with ERR_SESSION_RESET and releases every thread. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        rpc.close();
        // Not shutdownNow: retries already scheduled must still run, see the client closed, and fail their
        // operations; dropping them would leave those futures incomplete forever.
        timer.shutdown();
        callbackPool.shutdown();
        LOG.info("Pegasus client closed");
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** After close the pool refuses work; completions still due then run on the completing thread. */
    private static Executor runInlineOnceClosed(ExecutorService pool) {
        return task -> {
            try {
                pool.execute(task);
            } catch (RejectedExecutionException e) {
                task.run();
            }
        };
    }
}
