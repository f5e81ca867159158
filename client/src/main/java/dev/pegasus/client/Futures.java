package dev.pegasus.client;

import dev.pegasus.protocol.ErrorCode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/** Bridges between the internal futures and the synchronous and asynchronous public API. */
final class Futures {
    private Futures() {}

    /**
     * Waits for an operation and returns its result, rethrowing its failure as a {@link PegasusException}
     * that carries this caller's stack (the original, from an I/O thread, is its cause). No timeout is
     * needed here: every internal future completes by its operation's deadline.
     */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PegasusException(ErrorCode.ERR_UNKNOWN, "interrupted while waiting for the operation", e);
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof PegasusException pegasus) {
                throw new PegasusException(pegasus);
            }
            if (cause instanceof IllegalArgumentException illegal) {
                throw new IllegalArgumentException(illegal.getMessage(), illegal);
            }
            throw new PegasusException(ErrorCode.ERR_UNKNOWN, "the operation failed unexpectedly: " + cause, cause);
        }
    }

    /**
     * The future handed to users of the async API. Internal futures complete on network I/O threads; a
     * user callback that blocks there (for instance on a synchronous call of this client) would stall or
     * deadlock the connection its own answer must arrive on, so user-visible completion moves to
     * {@code executor}. The failure is delivered unwrapped, so {@code get()} throws an
     * {@link ExecutionException} whose cause is the {@link PegasusException}.
     */
    static <T> CompletableFuture<T> handOff(CompletableFuture<T> internal, Executor executor) {
        CompletableFuture<T> visible = new CompletableFuture<>();
        internal.whenCompleteAsync((value, failure) -> {
            if (failure != null) {
                visible.completeExceptionally(unwrap(failure));
            } else {
                visible.complete(value);
            }
        }, executor);
        return visible;
    }

    /** Completes when every future has completed, successfully or not; never fails itself. */
    static CompletableFuture<Void> allSettled(List<? extends CompletableFuture<?>> futures) {
        return CompletableFuture.allOf(futures.stream()
                        .map(f -> f.handle((value, failure) -> null))
                        .toArray(CompletableFuture[]::new));
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
