package dev.pegasus.server.meta;

import java.util.List;

/**
 * A tree of named nodes holding bytes, changed only by fenced transactions: what {@link MetaStateStore}
 * needs from ZooKeeper. Production keeps it in ZooKeeper ({@link CuratorStateTree}); the simulation in
 * memory ({@link InMemoryStateTree}), so the meta server's storage code runs there unchanged.
 */
interface StateTree {
    /** One change of a transaction. */
    sealed interface Op permits Create, SetData, Delete {
        String path();
    }

    /** Creates a node, which must not exist; its parent must. */
    record Create(String path, byte[] data) implements Op {}

    /** Replaces the data of a node, which must exist. */
    record SetData(String path, byte[] data) implements Op {}

    /** Deletes a node, which must exist and have no children. */
    record Delete(String path) implements Op {}

    /** Waits until this client sees every change committed before the call, by anyone. */
    void sync() throws Exception;

    boolean exists(String path) throws Exception;

    /** @throws Exception when the node does not exist */
    byte[] get(String path) throws Exception;

    /** The names (not paths) of a node's children; empty when it has none. */
    List<String> children(String path) throws Exception;

    /**
     * Applies the changes all or none, and only while the node {@code fence} exists (the leader's latch
     * node: it exists exactly as long as its owner leads).
     *
     * @throws FenceLostException when the fence node is gone; nothing was applied
     */
    void commit(String fence, List<Op> ops) throws Exception;

    /** The fence of a transaction was gone: the writer no longer leads. */
    final class FenceLostException extends Exception {
        FenceLostException(String fence, Throwable cause) {
            super("the fence node " + fence + " is gone", cause);
        }
    }
}
