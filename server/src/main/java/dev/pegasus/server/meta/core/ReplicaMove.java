package dev.pegasus.server.meta.core;

import dev.pegasus.protocol.RpcAddress;

/** A replica of a partition on its way from one node to another. */
public record ReplicaMove(RpcAddress from, RpcAddress to) {
    public boolean involves(RpcAddress node) {
        return from.equals(node) || to.equals(node);
    }

    @Override
    public String toString() {
        return from + " -> " + to;
    }
}
