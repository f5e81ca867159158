package dev.pegasus.server.meta.core;

import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * When a split child may be registered, and with whom: its parent's primary must hold the copy (it
 * becomes the child's primary, serving from the split's decree on), and the parent's secondaries that
 * hold one join it; the others are waited for until {@code waitedLongEnough}, then left to catch up as
 * learners. Shared by the meta server's split coordinator and the simulation.
 */
public final class ChildRegistration {
    private ChildRegistration() {}

    /** Whether the parent's primary reports the child's copy: the wait for the others starts then. */
    public static boolean copyStarted(PartitionConfig parent, Predicate<RpcAddress> hasCopy) {
        return parent.primary().filter(hasCopy).isPresent();
    }

    /** The child's first configuration, or empty while it is not to be registered yet. */
    public static Optional<PartitionConfig> decide(PartitionConfig parent, Predicate<RpcAddress> hasCopy,
            boolean waitedLongEnough) {
        if (!copyStarted(parent, hasCopy)) {
            return Optional.empty();
        }
        List<RpcAddress> withCopy = parent.secondaries().stream().filter(hasCopy).toList();
        if (withCopy.size() < parent.secondaries().size() && !waitedLongEnough) {
            return Optional.empty();
        }
        return Optional.of(new PartitionConfig(1, parent.primary(), withCopy, List.of()));
    }
}
