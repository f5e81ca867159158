package dev.pegasus.server.replica.core;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.core.ReplicaMessage.AddLearner;
import dev.pegasus.server.replica.core.ReplicaMessage.GroupCheck;
import dev.pegasus.server.replica.core.ReplicaMessage.GroupCheckReply;
import dev.pegasus.server.replica.core.ReplicaMessage.LearnCompleted;
import dev.pegasus.server.replica.core.ReplicaMessage.LearnRequest;
import dev.pegasus.server.replica.core.ReplicaMessage.LearnResponse;
import dev.pegasus.server.replica.core.ReplicaMessage.Prepare;
import dev.pegasus.server.replica.core.ReplicaMessage.PrepareAck;
import dev.pegasus.server.replica.storage.WriteOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * PacificA for one replica of one partition, as a pure state machine: inputs are the methods
 * {@code on…}, outputs are {@link Effect}s collected until {@link #drainEffects()}. No threads,
 * clocks, sockets or disks: time arrives with {@link #onTick}, log completions with
 * {@link #onLogged}. The same code runs in the replica server and in the seeded simulation.
 *
 * <p>Guarantees, given a driver that executes effects in order: a write is answered as committed
 * only after every member of the configuration has logged it; mutations are applied in decree
 * order, each once; a replica never goes back to a lower ballot.
 */
public final class ReplicaCore {
    private final Gpid gpid;
    private final RpcAddress self;
    private final long life;
    private final CoreOptions options;
    private final PrepareList prepareList;
    /** Ballot of the entry durably logged at each uncommitted decree. */
    private final Map<Long, Long> loggedBallot = new HashMap<>();
    /**
     * Decrees prepared here but not handed to the log yet, because a decree before them is missing.
     * Invariant: the log never holds a record of this replica past a decree it does not hold, so a
     * later record's committed point, on replay, never commits an entry that memory had dropped (a
     * learner drops its uncommitted entries while its log keeps them) and the primary had not resent.
     */
    private final TreeSet<Long> awaitingLog = new TreeSet<>();
    /**
     * Decrees handed to the log whose append has not completed yet, committed ones included: a learner
     * reports caught up only once none up to its target is left, since a decree applied in memory but
     * not yet durable is lost in a crash, and the primary counts the learner as holding it from then on.
     */
    private final TreeSet<Long> unlogged = new TreeSet<>();
    /**
     * Client writes this replica placed as primary and still uncommitted when it stopped being primary,
     * by decree. Whoever commits the decree decides their fate, which this replica learns when it
     * commits it too: the same writes there mean applied, other writes mean never applied (a decree
     * commits once), so the client is told one or the other rather than that the outcome is unknown.
     */
    private final TreeMap<Long, AwaitedWrite> awaitingOutcome = new TreeMap<>();
    private final List<Effect> effects = new ArrayList<>();
    private PartitionConfig config = PartitionConfig.empty();
    private Role role = new Role.Inactive();
    /** Invariant: every decree up to here has been handed out in an Apply effect, in order. */
    private long applied;
    private long replayedCommitted;
    private long now;
    /** The highest committed decree a primary told this replica of. */
    private long primaryCommittedSeen;
    /** When this replica last asked its primary for mutations missing below the primary's committed point. */
    private long fillRequestedAt = Long.MIN_VALUE / 2;

    /** A replica of a server that does not speak of lives (tests of the core alone). */
    public ReplicaCore(Gpid gpid, RpcAddress self, long appliedDecree, CoreOptions options) {
        this(gpid, self, 0, appliedDecree, options);
    }

    /**
     * @param life          the life (start time) of this replica's server: a core lives no longer than one
     * @param appliedDecree the decree the replica's store has applied (and made durable)
     */
    public ReplicaCore(Gpid gpid, RpcAddress self, long life, long appliedDecree, CoreOptions options) {
        this.gpid = gpid;
        this.self = self;
        this.life = life;
        this.options = options;
        this.applied = appliedDecree;
        this.prepareList = new PrepareList(appliedDecree, options.retainCommitted(), options.retainCommittedBytes());
    }

    // ---------------------------------------------------------------- queries

    public Gpid gpid() {
        return gpid;
    }

    public Role.Status status() {
        return role.status();
    }

    public PartitionConfig config() {
        return config;
    }

    public long committedDecree() {
        return prepareList.committedDecree();
    }

    public long preparedDecree() {
        return prepareList.lastPreparedDecree();
    }

    /**
     * The last decree of the run held without a gap: what an acknowledgement from this replica vouches
     * for. A primary never commits past the held run of a secondary it counts.
     */
    public long heldDecree() {
        return prepareList.heldThrough();
    }

    public long appliedDecree() {
        return applied;
    }

    /** Whether uncommitted mutations exist: read-modify-write requests wait until there are none. */
    public boolean hasUncommitted() {
        return prepareList.lastPreparedDecree() > prepareList.committedDecree();
    }

    /** A primary serves reads once everything prepared before it took over is committed. */
    public boolean isReadable() {
        return role instanceof Role.Primary primary && prepareList.committedDecree() >= primary.readableFrom;
    }

    /**
     * Whether this replica misses a mutation its primary committed: the next decree after its own
     * committed one is absent although the primary committed past it. Such a replica asks for the
     * mutations and must not be handed the primary role meanwhile.
     */
    public boolean missesCommitted() {
        long committed = prepareList.committedDecree();
        return !(role instanceof Role.Primary) && primaryCommittedSeen > committed
                && prepareList.get(committed + 1).isEmpty();
    }

    public List<Effect> drainEffects() {
        List<Effect> drained = List.copyOf(effects);
        effects.clear();
        return drained;
    }

    // ---------------------------------------------------------------- start-up

    /** Feeds one record of the log at start-up, in log order; entries of higher ballots replace older ones. */
    public void replay(LoggedMutation mutation) {
        // Older ballots' entries below a record are kept: the record was logged only once every decree
        // before it was held in memory and logged ({@link #awaitingLog}), so they are what the replica held.
        if (prepareList.prepare(mutation)) {
            loggedBallot.put(mutation.decree(), mutation.ballot());
        }
        replayedCommitted = Math.max(replayedCommitted, mutation.lastCommittedDecree());
        config = config.ballot() >= mutation.ballot() ? config
                : new PartitionConfig(mutation.ballot(), config.primary(), config.secondaries(), config.lastDrops());
    }

    /** Applies what the log proved committed; the replica stays inactive until the meta server assigns it. */
    public void finishReplay() {
        commitUpTo(replayedCommitted);
    }

    // ---------------------------------------------------------------- inputs

    /**
     * Moves the clock the core stamps events with, without the periodic duties of {@link #onTick}
     * (resends, timeouts, group checks): a driver calls this before each message and ticks on a timer,
     * so a busy primary does not rescan its uncommitted mutations for every acknowledgement.
     */
    public void advanceClock(long nowMillis) {
        now = nowMillis;
    }

    public void onTick(long nowMillis) {
        now = nowMillis;
        if (role instanceof Role.Primary primary) {
            primaryTick(primary);
        } else if (role instanceof Role.Learner learner && !learner.reported
                && now - learner.requestedAt >= options.learnTimeoutMillis()) {
            learner.requestedAt = now;
            send(learner.primary, new LearnRequest(gpid, config.ballot(), applied));
        }
    }

    /**
     * A configuration from the meta server (or carried by the primary's messages). Lower or equal
     * ballots are ignored. The replica becomes primary, secondary or inactive by its membership; a
     * learner stays a learner while its primary stays primary.
     */
    public void onConfig(PartitionConfig newConfig) {
        if (newConfig.ballot() <= config.ballot() || role instanceof Role.Error) {
            return;
        }
        config = newConfig;
        if (newConfig.isPrimary(self)) {
            transitionToPrimary(role instanceof Role.Primary old ? Optional.of(old) : Optional.empty());
        } else if (newConfig.isSecondary(self)) {
            transitionToSecondary(newConfig.primary());
        } else if (role instanceof Role.Learner learner && newConfig.isPrimary(learner.primary)) {
            relearnUncommitted(learner);
        } else {
            transitionToInactive();
        }
    }

    /** Client writes, already turned into plain writes: see {@link #onClientWrite(long, Command)}. */
    public void onClientWrite(long requestId, List<WriteOp> ops) {
        onClientWrite(requestId, new Command.Writes(ops));
    }

    /**
     * A command for the partition: client writes, already turned into plain writes, or a split or an
     * ingestion. Only a primary accepts it; the answer comes as a {@link Effect.Reply} once it is committed.
     */
    public void onClientWrite(long requestId, Command command) {
        if (!(role instanceof Role.Primary primary)) {
            effects.add(Effect.Reply.failed(requestId, ErrorCode.ERR_INVALID_STATE));
            return;
        }
        if (prepareList.lastPreparedDecree() - prepareList.committedDecree() >= options.maxInFlight()) {
            effects.add(Effect.Reply.failed(requestId, ErrorCode.ERR_CAPACITY_EXCEEDED));
            return;
        }
        long decree = prepareList.lastPreparedDecree() + 1;
        LoggedMutation mutation = new LoggedMutation(config.ballot(), decree, prepareList.committedDecree(), command);
        primary.requestByDecree.put(decree, requestId);
        prepareAsPrimary(primary, mutation);
    }

    /** The log made a mutation durable. */
    public void onLogged(long ballot, long decree) {
        if (role instanceof Role.Error) {
            return;
        }
        unlogged.remove(decree);
        Optional<LoggedMutation> entry = prepareList.get(decree);
        if (entry.isEmpty() || entry.get().ballot() != ballot) {
            if (decree <= prepareList.committedDecree()) {
                acknowledgeHeld(ballot, decree);
            }
            if (role instanceof Role.Learner learner) {
                reportIfCaughtUp(learner);
            }
            return;
        }
        loggedBallot.put(decree, ballot);
        if (role instanceof Role.Primary primary) {
            if (ballot == config.ballot()) {
                primary.tracker.logged(self, decree);
                tryCommit(primary);
            }
            return;
        }
        acknowledgeHeld(ballot, decree);
        if (role instanceof Role.Learner learner) {
            reportIfCaughtUp(learner);
        }
    }

    public void onMessage(RpcAddress from, ReplicaMessage message) {
        if (message instanceof Prepare prepare) {
            onPrepare(from, prepare);
        } else if (message instanceof PrepareAck ack) {
            onPrepareAck(from, ack);
        } else if (message instanceof GroupCheck check) {
            onGroupCheck(from, check);
        } else if (message instanceof GroupCheckReply reply) {
            onGroupCheckReply(from, reply);
        } else if (message instanceof AddLearner add) {
            onAddLearner(from, add);
        } else if (message instanceof LearnRequest request) {
            onLearnRequest(from, request);
        } else if (message instanceof LearnResponse response) {
            onLearnResponse(from, response);
        } else if (message instanceof LearnCompleted completed) {
            onLearnCompleted(from, completed);
        }
    }

    /** The meta server wants {@code node} to become a secondary: invite it to learn. */
    public void onAddLearnerRequested(RpcAddress node, long ballot) {
        if (!(role instanceof Role.Primary primary) || ballot != config.ballot() || config.isMember(node)
                || primary.learners.containsKey(node)) {
            return;
        }
        primary.learners.put(node, new Role.LearnerProgress(now));
        send(node, new AddLearner(gpid, config));
    }

    /** The driver installed a checkpoint of this primary's store, at {@code decree}, on the learner. */
    public void onCheckpointShipped(RpcAddress learner, long decree) {
        if (!(role instanceof Role.Primary primary) || !primary.learners.containsKey(learner)) {
            return;
        }
        Optional<List<LoggedMutation>> tail = prepareList.range(decree, prepareList.lastPreparedDecree());
        if (tail.isEmpty()) {
            effects.add(new Effect.ShipCheckpoint(gpid, learner));
            return;
        }
        Role.LearnerProgress progress = primary.learners.get(learner);
        progress.phase = Role.LearnerProgress.Phase.FOLLOWING;
        progress.lastProgressAt = now;
        send(learner, new LearnResponse(gpid, config, decree, tail.get(), prepareList.committedDecree()));
    }

    /** Whether the driver may replace this replica's store with a checkpoint from its primary. */
    public boolean acceptsCheckpoint() {
        return role instanceof Role.Learner learner && !learner.based;
    }

    /** The driver replaced the store with a checkpoint at {@code decree} (only when {@link #acceptsCheckpoint}). */
    public void onCheckpointInstalled(long decree) {
        if (!acceptsCheckpoint()) {
            throw new IllegalStateException(this + " did not expect a checkpoint");
        }
        prepareList.resetTo(decree);
        applied = decree;
        loggedBallot.keySet().removeIf(d -> d <= decree);
        awaitingLog.headSet(decree, true).clear();
        unlogged.headSet(decree, true).clear();
        logContiguous();
    }

    /**
     * Marks the replica failed, e.g. after its log could not be written: for the rest of this replica's
     * life it takes no configuration, logs, applies and serves nothing, and refuses its primary, who has
     * it removed. Only a replica opened anew from disk (a new core) serves again.
     */
    public void onFatal(String reason) {
        failPendingRequests(ErrorCode.ERR_TIMEOUT);
        role = new Role.Error(reason);
    }

    /**
     * The driver could not apply {@code decree} (a store write or an ingestion failed): it and the
     * decrees after it are not applied, whatever Apply effects were handed out for them.
     */
    public void onApplyFailed(long decree, String reason) {
        applied = Math.min(applied, decree - 1);
        onFatal("applying decree " + decree + " failed: " + reason);
    }

    // ---------------------------------------------------------------- transitions

    /**
     * Legal from any role but failed when the configuration names this replica primary. Uncommitted mutations
     * are prepared again under the new ballot; a gap ends what can be kept (nothing after it can
     * have committed, since commits are in order and this replica was a member).
     */
    private void transitionToPrimary(Optional<Role.Primary> previous) {
        requireNotFailed("primary");
        List<LoggedMutation> kept = new ArrayList<>();
        for (LoggedMutation mutation : prepareList.uncommitted()) {
            if (mutation.decree() != prepareList.committedDecree() + 1 + kept.size()) {
                break;
            }
            kept.add(mutation);
        }
        prepareList.discardFrom(prepareList.committedDecree() + 1 + kept.size());
        awaitingLog.clear();
        Role.Primary primary = new Role.Primary(new CommitTracker(config.members()), prepareList.lastPreparedDecree(), now);
        previous.ifPresent(old -> {
            old.requestByDecree.forEach((decree, requestId) -> {
                if (decree <= prepareList.lastPreparedDecree()) {
                    primary.requestByDecree.put(decree, requestId);
                } else {
                    effects.add(Effect.Reply.failed(requestId, ErrorCode.ERR_TIMEOUT));
                }
            });
            primary.learners.putAll(old.learners);
            config.members().forEach(primary.learners::remove);
            // An upgrade proposed under the old ballot can no longer be accepted: a caught-up learner reports
            // again under this one (see onConfig) and is counted in commits from then on.
            primary.learners.values().stream().filter(progress -> progress.phase == Role.LearnerProgress.Phase.CAUGHT_UP)
                    .forEach(progress -> progress.phase = Role.LearnerProgress.Phase.FOLLOWING);
        });
        role = primary;
        for (LoggedMutation mutation : kept) {
            prepareAsPrimary(primary, mutation.reprepared(config.ballot(), prepareList.committedDecree()));
        }
        if (previous.isEmpty() && config.ballot() > 1) {
            // Taking over from another primary (none precedes the first ballot; one that stays primary
            // placed its marker when it took over).
            prepareAsPrimary(primary, LoggedMutation.takeoverMarker(config.ballot(),
                    prepareList.lastPreparedDecree() + 1, prepareList.committedDecree()));
        }
        tryCommit(primary);
    }

    /** Legal from any role but failed when the configuration names this replica a secondary. */
    private void transitionToSecondary(Optional<RpcAddress> primary) {
        requireNotFailed("secondary");
        if (primary.isEmpty()) {
            transitionToInactive();
            return;
        }
        if (role instanceof Role.Primary previous) {
            previous.requestByDecree.forEach((decree, requestId) -> awaitingOutcome.put(decree,
                    new AwaitedWrite(requestId, prepareList.get(decree).orElseThrow().command())));
            previous.requestByDecree.clear();
        }
        role = new Role.Secondary(primary.get());
    }

    /** Legal from any role but failed when the configuration no longer includes this replica. */
    private void transitionToInactive() {
        requireNotFailed("inactive");
        failPendingRequests(ErrorCode.ERR_TIMEOUT);
        role = new Role.Inactive();
    }

    /** Legal from inactive (or from learning under an older ballot) when a primary invites it. */
    private void transitionToLearner(RpcAddress primary, PartitionConfig primaryConfig) {
        if (!(role instanceof Role.Inactive || role instanceof Role.Learner)) {
            throw new IllegalStateException(this + " cannot become a learner");
        }
        config = new PartitionConfig(primaryConfig.ballot(), primaryConfig.primary(), primaryConfig.secondaries(),
                primaryConfig.lastDrops());
        role = new Role.Learner(primary, now);
        discardUncommittedAndAsk(primary);
    }

    /**
     * Its primary moved to a new ballot, where a caught-up report made under the old one counts no more,
     * and neither do the uncommitted mutations this learner holds from the old one: the primary prepares
     * them again under the new ballot, and a takeover marker prepared again drops the entries of older
     * ballots above it. Reporting on the old entries would let the primary count this learner as
     * holding decrees it is about to drop; it learns them again under the new ballot instead.
     */
    private void relearnUncommitted(Role.Learner learner) {
        learner.reported = false;
        learner.target = -1;
        learner.requestedAt = now;
        discardUncommittedAndAsk(learner.primary);
    }

    private void discardUncommittedAndAsk(RpcAddress primary) {
        prepareList.discardUncommitted();
        awaitingLog.clear();
        send(primary, new LearnRequest(gpid, config.ballot(), applied));
    }

    private void requireNotFailed(String next) {
        if (role instanceof Role.Error) {
            throw new IllegalStateException(this + " failed and cannot become " + next);
        }
    }

    // ---------------------------------------------------------------- primary

    private void prepareAsPrimary(Role.Primary primary, LoggedMutation mutation) {
        prepareList.prepare(mutation);
        loggedBallot.remove(mutation.decree());
        primary.tracker.track(mutation.decree());
        primary.firstSentAt.put(mutation.decree(), now);
        primary.lastSentAt.put(mutation.decree(), now);
        effects.add(new Effect.AppendLog(gpid, mutation));
        Prepare prepare = new Prepare(gpid, config, mutation, prepareList.committedDecree());
        config.secondaries().forEach(secondary -> send(secondary, prepare));
        primary.learners.forEach((node, progress) -> {
            if (progress.phase != Role.LearnerProgress.Phase.INVITED) {
                send(node, prepare);
            }
        });
    }

    private void tryCommit(Role.Primary primary) {
        long committable = primary.tracker.committablePrefix(prepareList.committedDecree());
        if (committable <= prepareList.committedDecree()) {
            return;
        }
        for (LoggedMutation mutation : commitUpTo(committable)) {
            Long requestId = primary.requestByDecree.remove(mutation.decree());
            if (requestId != null) {
                effects.add(Effect.Reply.committed(requestId, mutation.decree()));
            }
            primary.firstSentAt.remove(mutation.decree());
            primary.lastSentAt.remove(mutation.decree());
        }
        primary.tracker.forgetUpTo(prepareList.committedDecree());
    }

    private void primaryTick(Role.Primary primary) {
        for (LoggedMutation mutation : prepareList.uncommitted()) {
            long decree = mutation.decree();
            if (!primary.tracker.isTracked(decree)) {
                continue;
            }
            List<RpcAddress> missing = primary.tracker.missing(decree).stream().filter(m -> !m.equals(self)).toList();
            if (missing.isEmpty()) {
                continue;
            }
            if (now - primary.firstSentAt.getOrDefault(decree, now) >= options.prepareTimeoutMillis()) {
                missing.stream().sorted().findFirst().ifPresent(member -> propose(primary,
                        ConfigProposal.removeSecondary(member, config.ballot()),
                        "it has not logged decree " + decree + " within " + options.prepareTimeoutMillis() + " ms"));
            } else if (now - primary.lastSentAt.getOrDefault(decree, now) >= options.resendMillis()) {
                primary.lastSentAt.put(decree, now);
                Prepare prepare = new Prepare(gpid, config, mutation, prepareList.committedDecree());
                missing.forEach(member -> send(member, prepare));
            }
        }
        if (now - primary.lastGroupCheckAt >= options.groupCheckMillis()) {
            primary.lastGroupCheckAt = now;
            GroupCheck check = new GroupCheck(gpid, config, prepareList.committedDecree());
            config.secondaries().forEach(secondary -> send(secondary, check));
        }
        // A caught-up learner stays counted however long it is silent: its upgrade may have been accepted,
        // and a configuration naming it must not lack a decree committed here meanwhile. Commits wait until
        // the meta server's answer arrives as a new configuration (an upgrade is refused only when the
        // ballot moved on); a learner that died as a secondary is then removed like any other.
        primary.learners.entrySet().removeIf(entry -> entry.getValue().phase != Role.LearnerProgress.Phase.CAUGHT_UP
                && now - entry.getValue().lastProgressAt >= options.learnTimeoutMillis());
        if (primary.proposal.isPresent() && now - primary.proposedAt >= options.prepareTimeoutMillis()) {
            primary.proposedAt = now;
            effects.add(new Effect.ProposeToMeta(gpid, primary.proposal.get(),
                    primary.proposalReason + " (asked again: no new configuration came)"));
        }
    }

    private void propose(Role.Primary primary, ConfigProposal proposal, String reason) {
        if (primary.proposal.isPresent() && primary.proposal.get().equals(proposal)) {
            return;
        }
        if (primary.proposal.isPresent() && primary.proposal.get().ballot() == config.ballot()) {
            return;
        }
        primary.proposal = Optional.of(proposal);
        primary.proposalReason = reason;
        primary.proposedAt = now;
        effects.add(new Effect.ProposeToMeta(gpid, proposal, reason));
    }

    private void onPrepareAck(RpcAddress from, PrepareAck ack) {
        if (!(role instanceof Role.Primary primary) || ack.ballot() != config.ballot()) {
            return;
        }
        if (ack.ok()) {
            primary.tracker.logged(from, ack.decree());
            tryCommit(primary);
            Role.LearnerProgress progress = primary.learners.get(from);
            if (progress != null) {
                progress.lastProgressAt = now;
            }
        } else if (config.isSecondary(from)) {
            propose(primary, ConfigProposal.removeSecondary(from, config.ballot()),
                    "it refused the prepare of decree " + ack.decree() + " at ballot " + ack.ballot());
        }
    }

    private void onGroupCheckReply(RpcAddress from, GroupCheckReply reply) {
        if (role instanceof Role.Primary primary && !reply.ok() && config.isSecondary(from)
                && reply.ballot() == config.ballot()) {
            propose(primary, ConfigProposal.removeSecondary(from, config.ballot()),
                    "it refused the group check, answering at ballot " + reply.ballot());
        }
    }

    private void onLearnRequest(RpcAddress from, LearnRequest request) {
        if (!(role instanceof Role.Primary primary) || request.ballot() != config.ballot()) {
            return;
        }
        Optional<List<LoggedMutation>> tail = prepareList.range(request.appliedDecree(), prepareList.lastPreparedDecree());
        if (config.isSecondary(from)) {
            fillSecondary(primary, from, request, tail);
            return;
        }
        Role.LearnerProgress progress = primary.learners.get(from);
        if (progress == null) {
            return;
        }
        progress.lastProgressAt = now;
        if (tail.isPresent() && request.appliedDecree() <= prepareList.committedDecree()) {
            if (progress.phase != Role.LearnerProgress.Phase.CAUGHT_UP) {
                progress.phase = Role.LearnerProgress.Phase.FOLLOWING;
            }
            send(from, new LearnResponse(gpid, config, LearnResponse.NO_CHECKPOINT, tail.get(),
                    prepareList.committedDecree()));
        } else if (progress.phase != Role.LearnerProgress.Phase.SHIPPING_CHECKPOINT) {
            progress.phase = Role.LearnerProgress.Phase.SHIPPING_CHECKPOINT;
            effects.add(new Effect.ShipCheckpoint(gpid, from));
        }
    }

    /**
     * A secondary missing mutations this primary committed before it joined: sent from memory, or, when
     * they are no longer held, the secondary is removed so that it learns again from a checkpoint.
     */
    private void fillSecondary(Role.Primary primary, RpcAddress secondary, LearnRequest request,
            Optional<List<LoggedMutation>> tail) {
        if (tail.isPresent() && request.appliedDecree() <= prepareList.committedDecree()) {
            send(secondary, new LearnResponse(gpid, config, LearnResponse.NO_CHECKPOINT, tail.get(),
                    prepareList.committedDecree()));
        } else {
            propose(primary, ConfigProposal.removeSecondary(secondary, config.ballot()),
                    "it asks for the mutations after decree " + request.appliedDecree() + ", which this primary"
                            + " (committed " + prepareList.committedDecree() + ") does not hold; it learns anew");
        }
    }

    /**
     * A learner logged everything up to its target. Decrees this primary committed past the target
     * without it are sent first; once it holds every committed decree it is counted in every later
     * commit (learners otherwise are not), and its upgrade to secondary is proposed: it can then never
     * become a secondary, or a primary, missing a committed mutation.
     */
    private void onLearnCompleted(RpcAddress from, LearnCompleted completed) {
        if (!(role instanceof Role.Primary primary) || completed.ballot() != config.ballot()) {
            return;
        }
        Role.LearnerProgress progress = primary.learners.get(from);
        if (progress == null || progress.phase != Role.LearnerProgress.Phase.FOLLOWING) {
            return;
        }
        progress.lastProgressAt = now;
        if (completed.preparedDecree() < prepareList.committedDecree()) {
            prepareList.range(completed.preparedDecree(), prepareList.lastPreparedDecree()).ifPresent(tail -> send(from,
                    new LearnResponse(gpid, config, LearnResponse.NO_CHECKPOINT, tail, prepareList.committedDecree())));
            return;
        }
        progress.phase = Role.LearnerProgress.Phase.CAUGHT_UP;
        primary.tracker.include(from, completed.preparedDecree());
        propose(primary, ConfigProposal.upgradeToSecondary(from, config.ballot(), completed.learnerLife()),
                "it holds every committed mutation");
    }

    /** Answers every client write this replica waits on with {@code error}: their outcome is unknown. */
    private void failPendingRequests(ErrorCode error) {
        if (role instanceof Role.Primary primary) {
            primary.requestByDecree.values().forEach(requestId -> effects.add(Effect.Reply.failed(requestId, error)));
            primary.requestByDecree.clear();
        }
        awaitingOutcome.values().forEach(awaited -> effects.add(Effect.Reply.failed(awaited.requestId(), error)));
        awaitingOutcome.clear();
    }

    /** A client write placed at a decree by this replica as primary, waiting for the decree to commit. */
    private record AwaitedWrite(long requestId, Command command) {}

    /**
     * The writes this replica placed at the decree are the ones that committed there, or they never will
     * be; a committed takeover marker also decides every write placed above it: they were dropped.
     */
    private void settleAwaitedWrites(LoggedMutation committed) {
        AwaitedWrite awaited = awaitingOutcome.remove(committed.decree());
        if (awaited != null) {
            effects.add(awaited.command().sameAs(committed.command())
                    ? Effect.Reply.committed(awaited.requestId(), committed.decree())
                    : Effect.Reply.failed(awaited.requestId(), ErrorCode.ERR_INVALID_STATE));
        }
        if (committed.isTakeoverMarker()) {
            Map<Long, AwaitedWrite> above = awaitingOutcome.tailMap(committed.decree(), false);
            above.values().forEach(dropped -> effects.add(Effect.Reply.failed(dropped.requestId(),
                    ErrorCode.ERR_INVALID_STATE)));
            above.clear();
        }
    }

    // ---------------------------------------------------------------- secondary and learner

    private void onPrepare(RpcAddress from, Prepare prepare) {
        LoggedMutation mutation = prepare.mutation();
        if (!acceptFromPrimary(from, prepare.config())) {
            // Under the prepare's ballot: a primary that has moved on since it sent it must not take the
            // refusal of its previous ballot's message for one of its current ballot.
            send(from, new PrepareAck(gpid, prepare.config().ballot(), mutation.decree(), false));
            return;
        }
        if (prepareList.prepare(mutation)) {
            logWhenContiguous(mutation);
        } else if (mutation.decree() <= prepareList.committedDecree()) {
            send(from, new PrepareAck(gpid, mutation.ballot(), mutation.decree(), true));
        } else if (loggedBallot.getOrDefault(mutation.decree(), -1L) == mutation.ballot()) {
            acknowledgeHeld(mutation.ballot(), mutation.decree());
        }
        followCommittedPoint(prepare.committedDecree());
    }

    private void onGroupCheck(RpcAddress from, GroupCheck check) {
        if (!acceptFromPrimary(from, check.config()) || role instanceof Role.Learner) {
            send(from, new GroupCheckReply(gpid, check.config().ballot(), prepareList.committedDecree(), false));
            return;
        }
        followCommittedPoint(check.committedDecree());
        send(from, new GroupCheckReply(gpid, config.ballot(), prepareList.committedDecree(), true));
    }

    /**
     * Whether a message from {@code from} comes from this replica's current primary; adopts a newer
     * configuration it carries first.
     */
    private boolean acceptFromPrimary(RpcAddress from, PartitionConfig carried) {
        if (carried.ballot() < config.ballot() || !carried.isPrimary(from)) {
            return false;
        }
        if (carried.ballot() > config.ballot()) {
            onConfig(carried);
        }
        return (role instanceof Role.Secondary secondary && secondary.primary().equals(from))
                || (role instanceof Role.Learner learner && learner.primary.equals(from));
    }

    private void followCommittedPoint(long primaryCommitted) {
        if (role instanceof Role.Learner learner && !learner.based) {
            return;
        }
        primaryCommittedSeen = Math.max(primaryCommittedSeen, primaryCommitted);
        commitUpTo(primaryCommitted);
        requestMissing(primaryCommitted);
    }

    /**
     * A replica that joined while its primary committed mutations it never received (a prepare to a
     * learner was lost) cannot commit past the gap on its own: the primary no longer resends those. It
     * asks the primary for them, at most once per resend interval.
     */
    private void requestMissing(long primaryCommitted) {
        long committed = prepareList.committedDecree();
        RpcAddress primary = primaryOf(role);
        if (primary == null || committed >= primaryCommitted || prepareList.get(committed + 1).isPresent()
                || now - fillRequestedAt < options.resendMillis()) {
            return;
        }
        fillRequestedAt = now;
        send(primary, new LearnRequest(gpid, config.ballot(), applied));
    }

    private void onAddLearner(RpcAddress from, AddLearner add) {
        if (add.config().ballot() < config.ballot() || !add.config().isPrimary(from) || add.config().isMember(self)) {
            return;
        }
        if (role instanceof Role.Learner learner && learner.primary.equals(from)
                && add.config().ballot() == config.ballot()) {
            return;
        }
        if (role instanceof Role.Inactive || role instanceof Role.Learner) {
            transitionToLearner(from, add.config());
        }
    }

    private void onLearnResponse(RpcAddress from, LearnResponse response) {
        if (response.config().ballot() != config.ballot()) {
            return;
        }
        if (role instanceof Role.Secondary secondary && secondary.primary().equals(from)
                && response.checkpointDecree() == LearnResponse.NO_CHECKPOINT) {
            prepareAll(response.mutations());
            commitUpTo(response.committedDecree());
            return;
        }
        if (!(role instanceof Role.Learner learner) || !learner.primary.equals(from)) {
            return;
        }
        if (response.checkpointDecree() > applied) {
            // The checkpoint this response builds on was not installed here (e.g. this replica restarted).
            return;
        }
        learner.based = true;
        prepareAll(response.mutations());
        if (prepareList.lastPreparedDecree() > learner.target) {
            learner.reported = false;
        }
        learner.target = prepareList.lastPreparedDecree();
        commitUpTo(response.committedDecree());
        reportIfCaughtUp(learner);
    }

    /** Prepares (and logs) the mutations a learner or secondary was sent, skipping those it holds. */
    private void prepareAll(List<LoggedMutation> mutations) {
        for (LoggedMutation mutation : mutations) {
            if (prepareList.prepare(mutation)) {
                logWhenContiguous(mutation);
            }
        }
    }

    /**
     * Hands a mutation prepared from its primary to the log once every decree before it is held, and
     * with it the held ones after it that were waiting for it (see {@link #awaitingLog}).
     */
    private void logWhenContiguous(LoggedMutation mutation) {
        loggedBallot.remove(mutation.decree());
        awaitingLog.add(mutation.decree());
        logContiguous();
    }

    private void logContiguous() {
        while (!awaitingLog.isEmpty() && prepareList.holdsEverythingBefore(awaitingLog.first())) {
            long decree = awaitingLog.pollFirst();
            prepareList.get(decree).ifPresent(entry -> {
                unlogged.add(decree);
                effects.add(new Effect.AppendLog(gpid, entry));
            });
        }
    }

    /**
     * Tells the primary once everything up to the learn target is durably logged (committed decrees
     * included: applied in memory is not held) and applied in order.
     */
    private void reportIfCaughtUp(Role.Learner learner) {
        if (!learner.based || learner.reported || learner.target < 0
                || !unlogged.headSet(learner.target, true).isEmpty()) {
            return;
        }
        for (LoggedMutation mutation : prepareList.uncommitted()) {
            if (mutation.decree() <= learner.target
                    && loggedBallot.getOrDefault(mutation.decree(), -1L) != mutation.ballot()) {
                return;
            }
        }
        if (prepareList.range(prepareList.committedDecree(), learner.target).isEmpty()) {
            return;
        }
        learner.reported = true;
        send(learner.primary, new LearnCompleted(gpid, config.ballot(), learner.target, life));
    }

    /**
     * Acknowledges a logged decree, and the logged ones right after it, but only while every decree
     * before it is held too: the primary counts an acknowledgement as "this replica holds everything up
     * to here", and a replica missing an earlier decree must not make the primary commit a later one it
     * could not serve if it were promoted. Once the gap is filled the held run is acknowledged.
     *
     * @param ballot the ballot {@code decree} was logged at
     */
    private void acknowledgeHeld(long ballot, long decree) {
        RpcAddress primary = primaryOf(role);
        long committed = prepareList.committedDecree();
        if (primary == null || (decree > committed && !prepareList.holdsEverythingBefore(decree))) {
            return;
        }
        send(primary, new PrepareAck(gpid, ballot, decree, true));
        if (decree < committed) {
            return;
        }
        for (long next = decree + 1; ; next++) {
            Optional<LoggedMutation> entry = prepareList.get(next);
            if (entry.isEmpty() || loggedBallot.getOrDefault(next, -1L) != entry.get().ballot()) {
                return;
            }
            send(primary, new PrepareAck(gpid, entry.get().ballot(), next, true));
        }
    }

    private static RpcAddress primaryOf(Role role) {
        return role instanceof Role.Secondary secondary ? secondary.primary()
                : role instanceof Role.Learner learner ? learner.primary : null;
    }

    // ---------------------------------------------------------------- shared

    private List<LoggedMutation> commitUpTo(long decree) {
        List<LoggedMutation> committed = prepareList.commitUpTo(Math.min(decree, prepareList.lastPreparedDecree()));
        for (LoggedMutation mutation : committed) {
            loggedBallot.remove(mutation.decree());
            if (mutation.decree() <= applied) {
                continue;
            }
            if (mutation.decree() != applied + 1) {
                throw new IllegalStateException(this + ": committed " + mutation + " but only " + applied
                        + " is applied");
            }
            applied = mutation.decree();
            effects.add(new Effect.Apply(gpid, mutation));
            settleAwaitedWrites(mutation);
        }
        return committed;
    }

    private void send(RpcAddress to, ReplicaMessage message) {
        effects.add(new Effect.Send(to, message));
    }

    @Override
    public String toString() {
        return "replica " + gpid + "@" + self + " " + role.status() + " " + config + " committed "
                + prepareList.committedDecree() + " prepared " + prepareList.lastPreparedDecree();
    }
}
