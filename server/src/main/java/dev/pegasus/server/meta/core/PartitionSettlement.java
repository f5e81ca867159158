package dev.pegasus.server.meta.core;

import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.util.Optional;
import java.util.function.Function;

/** Whether a partition's last change has been taken up: the balancer only moves settled partitions. */
public final class PartitionSettlement {
    private PartitionSettlement() {}

    /**
     * A member's replica as its server last reported it.
     *
     * @param lagging it misses mutations its primary committed
     */
    public record Served(boolean primary, boolean secondary, long ballot, boolean lagging) {}

    /**
     * Whether the partition has a primary and every member serves it in the role and at the ballot of its
     * configuration, missing no committed mutation: nobody is missing and any secondary could take the
     * primary role over.
     *
     * @param served what each member reported, empty when it is dead or restarted since it joined
     */
    public static boolean settled(PartitionConfig config, Function<RpcAddress, Optional<Served>> served) {
        if (config.primary().isEmpty()) {
            return false;
        }
        for (RpcAddress member : config.members()) {
            boolean asPrimary = config.isPrimary(member);
            boolean serving = served.apply(member).filter(replica -> (asPrimary ? replica.primary() : replica.secondary())
                    && replica.ballot() == config.ballot() && !replica.lagging()).isPresent();
            if (!serving) {
                return false;
            }
        }
        return true;
    }
}
