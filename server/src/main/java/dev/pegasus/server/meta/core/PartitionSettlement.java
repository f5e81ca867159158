package dev.pegasus.server.meta.core;

import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether a partition's last change has been taken up, and if not, what is missing. The balancer only
 * moves settled partitions; a partition is reported healthy only when settled.
 */
public final class PartitionSettlement {
    private PartitionSettlement() {}

    /**
     * A member's replica as its server last reported it.
     *
     * @param lagging it misses mutations its primary committed
     */
    public record Served(boolean primary, boolean secondary, long ballot, boolean lagging) {
        String describe() {
            return (primary ? "primary" : secondary ? "secondary" : "without a role") + " at ballot " + ballot;
        }
    }

    /**
     * Whether the partition has a primary and every member serves it in the role and at the ballot of its
     * configuration, missing no committed mutation: nobody is missing and any secondary could take the
     * primary role over.
     *
     * @param served what each member reported, empty when it is dead or restarted since it joined
     */
    public static boolean settled(PartitionConfig config, Function<RpcAddress, Optional<Served>> served) {
        return problem(config, served, member -> "").isEmpty();
    }

    /**
     * What keeps the partition from being settled, the first thing found, primary first.
     *
     * @param absent why a member reports nothing usable, for the message
     */
    public static Optional<String> problem(PartitionConfig config, Function<RpcAddress, Optional<Served>> served,
            Function<RpcAddress, String> absent) {
        if (config.primary().isEmpty()) {
            return Optional.of("no primary");
        }
        for (RpcAddress member : config.members()) {
            boolean asPrimary = config.isPrimary(member);
            Optional<Served> replica = served.apply(member);
            if (replica.isEmpty()) {
                return Optional.of((asPrimary ? "primary " : "secondary ") + member + " " + absent.apply(member));
            }
            Served reported = replica.get();
            if (!(asPrimary ? reported.primary() : reported.secondary()) || reported.ballot() != config.ballot()) {
                return Optional.of(member + " is not yet " + (asPrimary ? "primary" : "secondary") + " at ballot "
                        + config.ballot() + ": it reports itself " + reported.describe());
            }
            if (reported.lagging()) {
                return Optional.of("secondary " + member + " misses mutations its primary committed and is fetching them");
            }
        }
        return Optional.empty();
    }
}
