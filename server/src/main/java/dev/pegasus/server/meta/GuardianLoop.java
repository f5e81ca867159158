package dev.pegasus.server.meta;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.meta.core.GuardianAction;
import dev.pegasus.server.meta.core.PartitionGuardian;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's periodic look at every partition of every available table: asks the pure
 * {@link PartitionGuardian} what the partition needs — at most one action per partition per round — and
 * carries it out. A reconfiguration is stored (ZooKeeper first) before anyone hears of it; a learner
 * invitation is remembered and handed to the primary with its next syncs.
 *
 * <p>Runs on the meta server's DDL thread, like every other change of a configuration, so a round
 * decides on configurations nobody changes under it.
 */
final class GuardianLoop {
    private static final Logger LOG = LoggerFactory.getLogger(GuardianLoop.class);

    private final TableManager tables;
    private final NodeRegistry nodes;
    private final MemberLives lives;
    private final PartitionChanges changes;
    private final LearnerInvitations invitations;
    private final BalanceSettings settings;
    private final Duration addDelay;
    /** Partitions that wait before any change, and why, as of the last round. */
    private final Map<Gpid, String> waits = new ConcurrentHashMap<>();

    GuardianLoop(TableManager tables, NodeRegistry nodes, MemberLives lives, PartitionChanges changes,
            LearnerInvitations invitations, BalanceSettings settings, Duration addDelay) {
        this.tables = tables;
        this.nodes = nodes;
        this.lives = lives;
        this.changes = changes;
        this.invitations = invitations;
        this.settings = settings;
        this.addDelay = addDelay;
    }

    /** Why the partition waits before any change, if it does. */
    Optional<String> waitReason(Gpid gpid) {
        return Optional.ofNullable(waits.get(gpid));
    }

    /** One round over every partition; stops at the first configuration it cannot store. */
    void runRound() throws Exception {
        tables.storeAdoptedLives();
        List<TablePartition> partitions = tables.availablePartitions();
        Set<RpcAddress> excluded = new HashSet<>(settings.draining());
        excluded.addAll(nodes.shortOfSpace());
        MetaClusterView view = MetaClusterView.of(nodes, lives, excluded, partitions);
        for (TablePartition partition : partitions) {
            String waitedFor = waits.remove(partition.gpid());
            boolean learnerPending = invitations.pending(partition.gpid(), partition.config()).isPresent();
            Optional<GuardianAction> action = PartitionGuardian.cure(partition.gpid(), partition.config(),
                    partition.replicaCount(), view, learnerPending, changes.addDue(partition.gpid(), addDelay));
            if (action.isPresent() && action.get() instanceof GuardianAction.Reconfigure reconfigure) {
                tables.storeConfig(partition.gpid(), partition.config(), reconfigure.config(), reconfigure.reason());
            } else if (action.isPresent() && action.get() instanceof GuardianAction.Wait wait) {
                waits.put(partition.gpid(), wait.reason());
                if (!wait.reason().equals(waitedFor)) {
                    LOG.warn("partition {} waits: {}", partition.gpid(), wait.reason());
                }
            } else if (action.isPresent() && action.get() instanceof GuardianAction.InviteLearner invite) {
                invitations.invite(partition.gpid(), invite);
                LOG.info("partition {}: {} is invited to learn from primary {} at ballot {} ({} of {} replicas)",
                        partition.gpid(), invite.node(), invite.primary(), invite.ballot(),
                        partition.config().members().size(), partition.replicaCount());
            }
        }
    }
}
