package dev.pegasus.flink.sink;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Bounds the requests of one sink subtask that await an answer. A request beyond the bound waits in
 * line and starts when an earlier one is answered, so an overloaded cluster sees a steady number of
 * requests rather than a burst that would time out and be retried. Thread-safe: requests start on the
 * task thread and on the client's completion threads.
 */
final class RequestGate {
    private final int maxInFlight;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    /**
     * Starts due on this thread while it is already starting one: a request that fails at once completes
     * inline and would otherwise start the next one from inside itself, as deep as the line is long.
     */
    private final ThreadLocal<ArrayDeque<Runnable>> startingHere = new ThreadLocal<>();
    /** Invariant: 0 <= inFlight <= maxInFlight; waiting is empty unless inFlight == maxInFlight. */
    private int inFlight;

    RequestGate(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    /** Starts the request now or once there is room; the future completes as the request does. */
    CompletableFuture<Object> submit(Supplier<CompletableFuture<?>> request) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        Runnable start = () -> startNow(request, result);
        boolean now;
        synchronized (this) {
            now = inFlight < maxInFlight;
            if (now) {
                inFlight++;
            } else {
                waiting.add(start);
            }
        }
        if (now) {
            run(start);
        }
        return result;
    }

    private void run(Runnable start) {
        ArrayDeque<Runnable> pending = startingHere.get();
        if (pending != null) {
            pending.add(start);
            return;
        }
        pending = new ArrayDeque<>();
        startingHere.set(pending);
        try {
            for (Runnable next = start; next != null; next = pending.poll()) {
                next.run();
            }
        } finally {
            startingHere.remove();
        }
    }

    private void startNow(Supplier<CompletableFuture<?>> request, CompletableFuture<Object> result) {
        CompletableFuture<?> sent;
        try {
            sent = request.get();
        } catch (RuntimeException e) {
            // The client checks arguments before sending and throws at once; such a failure joins the others.
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((value, failure) -> {
            Runnable next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    inFlight--;
                }
            }
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failure);
            }
            if (next != null) {
                run(next);
            }
        });
    }
}
