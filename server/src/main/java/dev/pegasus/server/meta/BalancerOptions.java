package dev.pegasus.server.meta;

import dev.pegasus.server.meta.core.BalancePlanner;
import java.time.Duration;

/**
 * How the balancer paces itself.
 *
 * @param interval         how often the leader plans a round
 * @param movesPerNode     replica copies a node may send or receive at once
 * @param movesInTotal     replica copies under way in the whole cluster
 * @param minAliveNodes    below this many alive replica servers nothing is balanced (the cluster is frozen)
 * @param minAlivePercent  nor when fewer than this share of the known replica servers is alive: a network
 *                         blip that hides several servers must not start a storm of copies
 */
public record BalancerOptions(Duration interval, int movesPerNode, int movesInTotal, int minAliveNodes,
        int minAlivePercent) {
    public static final BalancerOptions DEFAULT = new BalancerOptions(Duration.ofSeconds(1), 2, 8, 3, 65);

    public BalancerOptions {
        if (interval.isNegative() || interval.isZero() || minAliveNodes < 1 || minAlivePercent < 0
                || minAlivePercent > 100) {
            throw new IllegalArgumentException("balancer interval " + interval + " must be positive, at least 1 alive"
                    + " node (" + minAliveNodes + ") and 0-100% (" + minAlivePercent + ") must be asked for");
        }
        new BalancePlanner.Limits(movesPerNode, movesInTotal);
    }

    BalancePlanner.Limits limits() {
        return new BalancePlanner.Limits(movesPerNode, movesInTotal);
    }

    /** Why nothing may be balanced with {@code alive} of {@code known} replica servers alive, or null. */
    String frozenReason(int alive, int known) {
        if (alive < minAliveNodes) {
            return alive + " replica servers alive, fewer than the " + minAliveNodes + " balancing needs";
        }
        if (alive * 100L < (long) minAlivePercent * known) {
            return alive + " of " + known + " replica servers alive, less than " + minAlivePercent + "%";
        }
        return null;
    }

    public BalancerOptions withInterval(Duration value) {
        return new BalancerOptions(value, movesPerNode, movesInTotal, minAliveNodes, minAlivePercent);
    }

    public BalancerOptions withMinAliveNodes(int value) {
        return new BalancerOptions(interval, movesPerNode, movesInTotal, value, minAlivePercent);
    }
}
