package dev.pegasus.server.replica.core;

import dev.pegasus.protocol.RpcAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A partition's replica set as the meta server decided it. Every change bumps the ballot, and a
 * replica only ever moves to a configuration with a higher ballot.
 *
 * @param primary     the replica that orders writes, absent while the meta server picks one
 * @param secondaries replicas that must log every mutation before it commits
 * @param lastDrops   members removed because they died, most recent last: when nobody is left, the
 *                    last one dropped holds every committed mutation
 */
public record PartitionConfig(long ballot, Optional<RpcAddress> primary, List<RpcAddress> secondaries,
        List<RpcAddress> lastDrops) {
    public PartitionConfig {
        secondaries = List.copyOf(secondaries);
        lastDrops = List.copyOf(lastDrops);
    }

    public static PartitionConfig empty() {
        return new PartitionConfig(0, Optional.empty(), List.of(), List.of());
    }

    /** Primary first, then secondaries. */
    public List<RpcAddress> members() {
        List<RpcAddress> members = new ArrayList<>();
        primary.ifPresent(members::add);
        members.addAll(secondaries);
        return members;
    }

    public boolean isPrimary(RpcAddress node) {
        return primary.isPresent() && primary.get().equals(node);
    }

    public boolean isSecondary(RpcAddress node) {
        return secondaries.contains(node);
    }

    public boolean isMember(RpcAddress node) {
        return isPrimary(node) || isSecondary(node);
    }

    public PartitionConfig withoutSecondary(RpcAddress node) {
        List<RpcAddress> remaining = new ArrayList<>(secondaries);
        remaining.remove(node);
        return new PartitionConfig(ballot + 1, primary, remaining, lastDrops);
    }

    public PartitionConfig withSecondary(RpcAddress node) {
        List<RpcAddress> more = new ArrayList<>(secondaries);
        more.add(node);
        List<RpcAddress> drops = new ArrayList<>(lastDrops);
        drops.remove(node);
        return new PartitionConfig(ballot + 1, primary, more, drops);
    }

    /** {@code successor} (a secondary, or a last member when none is left) becomes primary; the old one is out. */
    public PartitionConfig promote(RpcAddress successor) {
        List<RpcAddress> remaining = new ArrayList<>(secondaries);
        remaining.remove(successor);
        List<RpcAddress> drops = new ArrayList<>(lastDrops);
        drops.remove(successor);
        return new PartitionConfig(ballot + 1, Optional.of(successor), remaining, drops);
    }

    /**
     * {@code successor}, a secondary, becomes primary and the primary stays as a secondary: a hand-over
     * of the role with no data copied. The old primary must acknowledge the new ballot's prepares, so it
     * steps down before anything commits without it.
     */
    public PartitionConfig handOverTo(RpcAddress successor) {
        if (!isSecondary(successor)) {
            throw new IllegalArgumentException(successor + " is not a secondary of " + this);
        }
        List<RpcAddress> remaining = new ArrayList<>();
        primary.ifPresent(remaining::add);
        secondaries.stream().filter(node -> !node.equals(successor)).forEach(remaining::add);
        return new PartitionConfig(ballot + 1, Optional.of(successor), remaining, lastDrops);
    }

    @Override
    public String toString() {
        return "{ballot " + ballot + ", primary " + primary.map(Object::toString).orElse("-") + ", secondaries "
                + secondaries + (lastDrops.isEmpty() ? "" : ", last drops " + lastDrops) + "}";
    }
}
