package dev.pegasus.server.replica.core;

import dev.pegasus.protocol.Gpid;
import java.util.List;

/** What replicas of one partition say to each other. Every message names its partition. */
public sealed interface ReplicaMessage {
    Gpid gpid();

    /** Primary to secondaries and learners: log this mutation; everything up to {@code committedDecree} is committed. */
    record Prepare(Gpid gpid, PartitionConfig config, LoggedMutation mutation, long committedDecree)
            implements ReplicaMessage {}

    /**
     * Reply to a prepare once the mutation is durably logged, or a refusal (stale ballot, not a member);
     * a refusal carries the ballot of the prepare it refuses.
     */
    record PrepareAck(Gpid gpid, long ballot, long decree, boolean ok) implements ReplicaMessage {}

    /** Primary to secondaries when idle: the configuration and the committed point. */
    record GroupCheck(Gpid gpid, PartitionConfig config, long committedDecree) implements ReplicaMessage {}

    /**
     * Reply to a group check: how far the secondary has got; {@code ok} false when it refuses the primary,
     * under the ballot of the check it refuses.
     */
    record GroupCheckReply(Gpid gpid, long ballot, long committedDecree, boolean ok) implements ReplicaMessage {}

    /** Primary to a node the meta server chose: become a learner of this partition. */
    record AddLearner(Gpid gpid, PartitionConfig config) implements ReplicaMessage {}

    /** Learner to primary: what it already has applied. */
    record LearnRequest(Gpid gpid, long ballot, long appliedDecree) implements ReplicaMessage {}

    /**
     * Primary to learner: the mutations after the learner's state (after {@code checkpointDecree} when a
     * checkpoint was shipped first, else after what the learner reported), and the committed point.
     */
    record LearnResponse(Gpid gpid, PartitionConfig config, long checkpointDecree, List<LoggedMutation> mutations,
            long committedDecree) implements ReplicaMessage {
        public static final long NO_CHECKPOINT = -1;
    }

    /**
     * Learner to primary: it has logged everything up to {@code preparedDecree} and follows prepares,
     * in the life {@code learnerLife} of its server (which the upgrade proposal carries to the meta server).
     */
    record LearnCompleted(Gpid gpid, long ballot, long preparedDecree, long learnerLife) implements ReplicaMessage {}
}
