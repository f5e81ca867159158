package dev.pegasus.server.meta.core;

import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * When a split child may be registered, and with whom: with the members of its parent that hold the
 * child's copy. Every copy is the parent's state at the split's decree, and the parent refuses the
 * child's keys from then on, so any copy serves: the parent's primary leads the child if it holds
 * one (it usually does: it placed the split), else the first member that does (the primary moved to a
 * member that joined after the split, from a checkpoint of the split store, and made no copy). The
 * members without a copy are waited for until {@code waitedLongEnough}, then left to catch up as
 * learners. Shared by the meta server's split coordinator and the simulation.
 */
public final class ChildRegistration {
    private ChildRegistration() {}

    /** Whether a member of the parent reports the child's copy: the wait for the others starts then. */
    public static boolean copyStarted(PartitionConfig parent, Predicate<RpcAddress> hasCopy) {
        return parent.members().stream().anyMatch(hasCopy);
    }

    /** The child's first configuration, or empty while it is not to be registered yet. */
    public static Optional<PartitionConfig> decide(PartitionConfig parent, Predicate<RpcAddress> hasCopy,
            boolean waitedLongEnough) {
        List<RpcAddress> withCopy = parent.members().stream().filter(hasCopy).toList();
        if (withCopy.isEmpty() || (withCopy.size() < parent.members().size() && !waitedLongEnough)) {
            return Optional.empty();
        }
        RpcAddress primary = parent.primary().filter(hasCopy).orElse(withCopy.get(0));
        List<RpcAddress> secondaries = withCopy.stream().filter(member -> !member.equals(primary)).toList();
        return Optional.of(new PartitionConfig(1, Optional.of(primary), secondaries, List.of()));
    }
}
