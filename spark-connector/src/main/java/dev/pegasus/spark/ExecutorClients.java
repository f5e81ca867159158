package dev.pegasus.spark;

import dev.pegasus.client.ClientOptions;
import dev.pegasus.client.PegasusClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The clients of one JVM (an executor, or the driver in local mode), shared by the write tasks that
 * run in it at once: one connection pool and route cache per cluster, and one bound on the batches
 * under way across those tasks. A client is closed when the last task using it is done.
 */
final class ExecutorClients {
    private static final Map<String, Shared> SHARED = new HashMap<>();

    private ExecutorClients() {
    }

    /** What a task holds while it writes; {@link #close} hands it back. */
    static final class Lease implements AutoCloseable {
        private final String key;
        private final Shared shared;
        private boolean closed;

        private Lease(String key, Shared shared) {
            this.key = key;
            this.shared = shared;
        }

        PegasusClient client() {
            return shared.client;
        }

        /** Permits for batches under way, shared by every task writing to the same cluster in this JVM. */
        Semaphore inflight() {
            return shared.inflight;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(key, shared);
            }
        }
    }

    private static final class Shared {
        final PegasusClient client;
        final Semaphore inflight;
        /** Invariant: the number of open leases on this client; it is closed and forgotten at zero. */
        int leases;

        Shared(PegasusClient client, int permits) {
            this.client = client;
            this.inflight = new Semaphore(permits);
        }
    }

    static synchronized Lease acquire(WriteOptions options) {
        String key = options.meta() + "|" + options.timeout().toMillis() + "|" + options.maxInflightBatches();
        Shared shared = SHARED.computeIfAbsent(key, k -> new Shared(open(options), options.maxInflightBatches()));
        shared.leases++;
        return new Lease(key, shared);
    }

    static PegasusClient open(WriteOptions options) {
        return open(options.meta(), options.timeout());
    }

    /** A client of its own, e.g. for the driver's checks; the caller closes it. */
    static PegasusClient open(String meta, Duration timeout) {
        return PegasusClient.open(ClientOptions.builder().metaServers(meta).operationTimeout(timeout).build());
    }

    private static synchronized void release(String key, Shared shared) {
        shared.leases--;
        if (shared.leases == 0) {
            SHARED.remove(key, shared);
            shared.client.close();
        }
    }
}
