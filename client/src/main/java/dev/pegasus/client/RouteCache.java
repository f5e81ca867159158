package dev.pegasus.client;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.thrift.query_cfg_request;
import dev.pegasus.protocol.thrift.query_cfg_response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's view of where every opened table's partitions are served. A burst of failing requests
 * (a primary moved, a server died) must not become a burst of meta queries, so refreshes are coalesced:
 * at most one query per table is in flight, and a request that saw an older snapshot than the current
 * one just uses the current one.
 */
final class RouteCache {
    private static final Logger LOG = LoggerFactory.getLogger(RouteCache.class);

    private final MetaSession meta;
    private final Duration queryBudget;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * Invariant: {@code inFlight}, when set, is the only meta query of this table under way;
     * {@code currentFuture} is {@code current}, completed. Written under the entry's lock; volatile so the
     * common case (routes known, nothing in flight) is read without taking it.
     */
    private static final class Entry {
        volatile TableRoutes current;
        volatile CompletableFuture<TableRoutes> currentFuture;
        volatile CompletableFuture<TableRoutes> inFlight;
    }

    RouteCache(MetaSession meta, Duration queryBudget) {
        this.meta = meta;
        this.queryBudget = queryBudget;
    }

    /** The routes to use now: the refresh under way if any, else the cached snapshot, else a new query. */
    CompletableFuture<TableRoutes> get(String table) {
        Entry entry = entry(table);
        CompletableFuture<TableRoutes> inFlight = entry.inFlight;
        CompletableFuture<TableRoutes> current = entry.currentFuture;
        if (inFlight == null && current != null) {
            return current;
        }
        synchronized (entry) {
            if (entry.inFlight != null) {
                return entry.inFlight;
            }
            if (entry.currentFuture != null) {
                return entry.currentFuture;
            }
            return startQuery(table, entry);
        }
    }

    /**
     * Queries the routes again because {@code stale} (the snapshot a request failed with; null to force)
     * looks out of date. Joins the query under way, or returns the newer snapshot if one arrived already.
     */
    CompletableFuture<TableRoutes> refresh(String table, TableRoutes stale) {
        Entry entry = entry(table);
        synchronized (entry) {
            if (entry.inFlight != null) {
                return entry.inFlight;
            }
            if (stale != null && entry.current != null && entry.current != stale) {
                return entry.currentFuture;
            }
            return startQuery(table, entry);
        }
    }

    Optional<TableRoutes> cached(String table) {
        Entry entry = entries.get(table);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.current);
    }

    /** Forgets a table (after it was dropped), so a table later created under its name starts afresh. */
    void invalidate(String table) {
        entries.remove(table);
    }

    private Entry entry(String table) {
        return entries.computeIfAbsent(table, name -> new Entry());
    }

    /** Called holding the entry's lock. */
    private CompletableFuture<TableRoutes> startQuery(String table, Entry entry) {
        CompletableFuture<TableRoutes> published = query(table).whenComplete((routes, failure) -> {
            synchronized (entry) {
                if (routes != null) {
                    entry.current = routes;
                    entry.currentFuture = CompletableFuture.completedFuture(routes);
                    LOG.debug("routes of table '{}': {}", table, routes);
                }
                entry.inFlight = null;
            }
        });
        // A query that failed at once has already run the completion above on this thread.
        if (!published.isDone()) {
            entry.inFlight = published;
        }
        return published;
    }

    private CompletableFuture<TableRoutes> query(String table) {
        query_cfg_request request = new query_cfg_request();
        request.setApp_name(table);
        request.setPartition_indices(new ArrayList<>());
        return meta.call("query routes of table '" + table + "'", RpcMethods.CM_QUERY_CONFIG, request,
                        query_cfg_response::getErr, Deadline.after(queryBudget))
                .thenApply(response -> {
                    ErrorCode error = ErrorCode.fromName(response.getErr());
                    if (error == ErrorCode.ERR_OBJECT_NOT_FOUND || error == ErrorCode.ERR_APP_NOT_EXIST) {
                        throw new TableNotFoundException(table, error);
                    }
                    if (error != ErrorCode.ERR_OK) {
                        throw new PegasusException(error, "query routes of table '" + table
                                + "': meta server answered " + error + " (" + error.description() + ")");
                    }
                    return TableRoutes.from(table, response);
                });
    }

    /** Whether a failure of {@link #get} or {@link #refresh} means the table does not exist (any more). */
    static boolean isTableNotFound(Throwable failure) {
        Throwable cause = Futures.unwrap(failure);
        return cause instanceof TableNotFoundException;
    }
}
