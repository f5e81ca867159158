package dev.pegasus.client;

import dev.pegasus.protocol.thrift.balance_plan_response;
import java.util.List;
import java.util.Optional;

/**
 * The balancer's view at one moment: enough to tell whether the cluster has settled (no copy under
 * way and no next step) and, if not, what it is waiting for.
 *
 * @param frozenReason empty while the balancer may move replicas; otherwise why nothing moves
 *                     (for instance too few replica servers alive)
 * @param nodes every replica server the meta server knows of or drains, in its order
 * @param movesUnderWay one line per replica copy in progress, in the meta server's words
 * @param nextSteps what the balancer would do in its next round; empty when the cluster is balanced
 */
public record BalancePlan(MetaLevel level, Optional<String> frozenReason, List<NodeLoad> nodes,
        List<String> movesUnderWay, List<String> nextSteps) {
    public BalancePlan {
        nodes = List.copyOf(nodes);
        movesUnderWay = List.copyOf(movesUnderWay);
        nextSteps = List.copyOf(nextSteps);
    }

    static BalancePlan from(balance_plan_response response) {
        Optional<String> frozen = response.isFrozen()
                ? Optional.of(response.getFrozen_reason() == null ? "" : response.getFrozen_reason())
                : Optional.empty();
        return new BalancePlan(MetaLevel.from(response.getLevel()), frozen,
                Wire.list(response.getNodes()).stream().map(NodeLoad::from).toList(),
                Wire.list(response.getMoves_under_way()), Wire.list(response.getNext_steps()));
    }
}
