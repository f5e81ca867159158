package dev.pegasus.server.replica.log;

/**
 * An append that the log will never write: it arrived after {@link MutationLog#close()}, or (in the
 * in-memory twin) it was still waiting for durability when the simulated process crashed. The caller
 * must not treat the mutation as logged.
 */
public final class LogClosedException extends IllegalStateException {
    public LogClosedException(String message) {
        super(message);
    }
}
