package dev.pegasus.server.meta;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.meta.core.BalanceAction;
import dev.pegasus.server.meta.core.BalancePlanner;
import dev.pegasus.server.meta.core.GuardianAction;
import dev.pegasus.server.meta.core.ReplicaMove;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's balancing rounds: asks the pure {@link BalancePlanner} what to do with the partitions
 * as they are now and carries it out — a configuration is stored before anyone hears of it, a copy
 * starts as a learner invitation handed to the primary with its next sync. Nothing moves while the
 * cluster is frozen (too few replica servers alive). Runs on the DDL thread.
 */
final class BalancerLoop {
    private static final Logger LOG = LoggerFactory.getLogger(BalancerLoop.class);

    /** What the balancer sees and would do now. */
    record Round(List<BalanceAction> actions, Optional<String> frozenReason, Map<Gpid, ReplicaMove> moves) {}

    private final TableManager tables;
    private final NodeRegistry nodes;
    private final PartitionHealth health;
    private final LearnerInvitations invitations;
    private final ReplicaMoves moves;
    private final BalanceSettings settings;
    private final BalancerOptions options;

    BalancerLoop(TableManager tables, NodeRegistry nodes, PartitionHealth health, LearnerInvitations invitations,
            ReplicaMoves moves, BalanceSettings settings, BalancerOptions options) {
        this.tables = tables;
        this.nodes = nodes;
        this.health = health;
        this.invitations = invitations;
        this.moves = moves;
        this.settings = settings;
        this.options = options;
    }

    Round plan() {
        Map<Gpid, TablePartition> partitions = new LinkedHashMap<>();
        tables.availablePartitions().forEach(partition -> partitions.put(partition.gpid(), partition));
        Map<Gpid, ReplicaMove> underWay = moves.underWay(partitions);
        List<RpcAddress> alive = nodes.synced();
        Set<RpcAddress> known = new HashSet<>(alive);
        partitions.values().forEach(p -> known.addAll(p.config().members()));
        String frozen = options.frozenReason(alive.size(), known.size());
        if (frozen != null) {
            return new Round(List.of(), Optional.of(frozen), underWay);
        }
        List<BalancePlanner.Partition> planned = partitions.values().stream()
                .map(p -> new BalancePlanner.Partition(p.gpid(), p.config(), p.replicaCount(), health.settled(p)))
                .toList();
        return new Round(BalancePlanner.plan(planned, alive, settings.draining(), nodes.shortOfSpace(), underWay,
                options.limits(), settings.lively()), Optional.empty(), underWay);
    }

    void runRound() throws Exception {
        for (BalanceAction action : plan().actions()) {
            TablePartition partition = tables.availablePartition(action.gpid()).orElseThrow();
            if (action instanceof BalanceAction.Reconfigure reconfigure) {
                tables.storeConfig(action.gpid(), partition.config(), reconfigure.config(), reconfigure.reason());
            } else if (action instanceof BalanceAction.StartMove start) {
                moves.start(action.gpid(), start.move());
                invitations.invite(action.gpid(), new GuardianAction.InviteLearner(start.primary(), start.move().to(),
                        start.ballot()));
                LOG.info("partition {}: {}", action.gpid(), start.reason());
            }
        }
    }
}
