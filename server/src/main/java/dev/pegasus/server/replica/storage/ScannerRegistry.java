package dev.pegasus.server.replica.storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Open scan contexts by id, between the batches of a scan. A client that goes away never sends
 * clear_scanner, and an open cursor pins RocksDB data, so cursors left idle longer than the timeout
 * are closed by {@link #expireIdle}, which the owner calls periodically.
 *
 * <p>Thread-safe. {@link #take} hands a cursor out exclusively (it leaves the registry), so a batch
 * never races with expiry or clear_scanner; {@link #put} brings it back under the same id.
 */
public final class ScannerRegistry implements AutoCloseable {
    /** Idle time after which a scan context is dropped. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    private record Entry(ScanCursor cursor, long lastUsedMillis) {}

    private final long idleTimeoutMillis;
    private final LongSupplier millisClock;
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();

    public ScannerRegistry() {
        this(DEFAULT_IDLE_TIMEOUT, System::currentTimeMillis);
    }

    /** @param millisClock the time stamped on registered and returned cursors, in the unit of {@link #expireIdle} */
    public ScannerRegistry(Duration idleTimeout, LongSupplier millisClock) {
        this.idleTimeoutMillis = idleTimeout.toMillis();
        this.millisClock = millisClock;
    }

    /** Stores a cursor and returns its new id (positive, never reused by this registry). */
    public long register(ScanCursor cursor) {
        long id = nextId.getAndIncrement();
        entries.put(id, new Entry(cursor, millisClock.getAsLong()));
        return id;
    }

    /** Removes and returns the cursor for one batch; empty when unknown, cleared or expired. */
    public Optional<ScanCursor> take(long id) {
        return Optional.ofNullable(entries.remove(id)).map(Entry::cursor);
    }

    /** Returns a cursor after a batch, restarting its idle time. A closed (complete) cursor is dropped. */
    public void put(long id, ScanCursor cursor) {
        if (cursor.isClosed()) {
            return;
        }
        entries.put(id, new Entry(cursor, millisClock.getAsLong()));
    }

    /** clear_scanner: closes the cursor if it is here. */
    public void remove(long id) {
        Entry entry = entries.remove(id);
        if (entry != null) {
            entry.cursor().close();
        }
    }

    /** Closes and drops cursors idle for at least the timeout; returns how many. */
    public int expireIdle(long nowMillis) {
        int expired = 0;
        for (Map.Entry<Long, Entry> e : entries.entrySet()) {
            if (nowMillis - e.getValue().lastUsedMillis() >= idleTimeoutMillis
                    && entries.remove(e.getKey(), e.getValue())) {
                e.getValue().cursor().close();
                expired++;
            }
        }
        return expired;
    }

    public int size() {
        return entries.size();
    }

    /** Closes every cursor held, e.g. when the partition closes. */
    @Override
    public void close() {
        List<Long> ids = new ArrayList<>(entries.keySet());
        ids.forEach(this::remove);
    }
}
