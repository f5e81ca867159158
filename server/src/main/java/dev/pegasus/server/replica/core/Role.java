package dev.pegasus.server.replica.core;

import dev.pegasus.protocol.RpcAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a replica is in its partition. Only {@link ReplicaCore}'s {@code transitionTo…} methods
 * change it; their javadoc lists the legal transitions.
 */
public sealed interface Role permits Role.Primary, Role.Secondary, Role.Learner, Role.Inactive, Role.Error {
    Status status();

    enum Status { PRIMARY, SECONDARY, LEARNER, INACTIVE, ERROR }

    /**
     * Orders writes. Invariant: every uncommitted decree in the prepare list is tracked by
     * {@link #tracker} under the current ballot.
     */
    final class Primary implements Role {
        final CommitTracker tracker;
        /** Client request waiting for each uncommitted decree it produced. */
        final Map<Long, Long> requestByDecree = new HashMap<>();
        /** When each uncommitted decree was first and last sent to the members missing it. */
        final Map<Long, Long> firstSentAt = new HashMap<>();
        final Map<Long, Long> lastSentAt = new HashMap<>();
        final Map<RpcAddress, LearnerProgress> learners = new HashMap<>();
        /** Reads wait until everything prepared before this primary took over is committed. */
        final long readableFrom;
        Optional<ConfigProposal> proposal = Optional.empty();
        String proposalReason = "";
        long proposedAt;
        long lastGroupCheckAt;

        Primary(CommitTracker tracker, long readableFrom, long now) {
            this.tracker = tracker;
            this.readableFrom = readableFrom;
            this.lastGroupCheckAt = now;
        }

        @Override
        public Status status() {
            return Status.PRIMARY;
        }
    }

    /** A learner as its primary sees it. */
    final class LearnerProgress {
        enum Phase { INVITED, SHIPPING_CHECKPOINT, FOLLOWING, CAUGHT_UP }

        Phase phase = Phase.INVITED;
        long lastProgressAt;

        LearnerProgress(long now) {
            this.lastProgressAt = now;
        }
    }

    /** Logs what its primary prepares and applies what is committed. */
    record Secondary(RpcAddress primary) implements Role {
        @Override
        public Status status() {
            return Status.SECONDARY;
        }
    }

    /** Catches up from a primary before the meta server makes it a secondary. */
    final class Learner implements Role {
        final RpcAddress primary;
        /** False until the primary's learn response established the base state: nothing is applied before. */
        boolean based;
        /** Once everything up to here is logged, the learner tells the primary it has caught up. */
        long target = -1;
        boolean reported;
        long requestedAt;

        Learner(RpcAddress primary, long now) {
            this.primary = primary;
            this.requestedAt = now;
        }

        @Override
        public Status status() {
            return Status.LEARNER;
        }
    }

    /** Holds data but serves nothing: not in the configuration, or just restarted. */
    record Inactive() implements Role {
        @Override
        public Status status() {
            return Status.INACTIVE;
        }
    }

    /** Stopped after a fault it cannot recover from by itself (e.g. its log failed). */
    record Error(String reason) implements Role {
        @Override
        public Status status() {
            return Status.ERROR;
        }
    }
}
