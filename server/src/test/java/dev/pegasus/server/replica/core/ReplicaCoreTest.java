package dev.pegasus.server.replica.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.storage.WriteOp;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Transitions and the commit rule of one replica, input by input. */
class ReplicaCoreTest {
    private static final Gpid GPID = new Gpid(1, 0);
    private static final RpcAddress P = RpcAddress.parse("127.0.0.1:1");
    private static final RpcAddress S = RpcAddress.parse("127.0.0.1:2");
    private static final CoreOptions OPTIONS = new CoreOptions(2, 100, 1000, 500, 100, 1L << 20, 1000);
    private static final List<WriteOp> OPS = List.of(WriteOp.put(new byte[] {0, 1, 'k'}, new byte[12]));

    private static PartitionConfig config(long ballot, RpcAddress primary, RpcAddress... secondaries) {
        return new PartitionConfig(ballot, Optional.of(primary), List.of(secondaries), List.of());
    }

    private static <T extends Effect> List<T> only(List<Effect> effects, Class<T> type) {
        return effects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void primaryCommitsAfterItsOwnLogAndEverySecondary() {
        ReplicaCore primary = new ReplicaCore(GPID, P, 0, OPTIONS);
        primary.onConfig(config(1, P, S));
        primary.onClientWrite(7, OPS);
        List<Effect> effects = primary.drainEffects();
        assertEquals(1, only(effects, Effect.AppendLog.class).size());
        assertEquals(S, only(effects, Effect.Send.class).get(0).to());
        primary.onMessage(S, new ReplicaMessage.PrepareAck(GPID, 1, 1, true));
        assertTrue(only(primary.drainEffects(), Effect.Reply.class).isEmpty(), "its own log is not durable yet");
        primary.onLogged(1, 1);
        List<Effect> committed = primary.drainEffects();
        assertEquals(List.of(Effect.Reply.committed(7, 1)), only(committed, Effect.Reply.class));
        assertEquals(1, only(committed, Effect.Apply.class).size());
        assertEquals(1, primary.committedDecree());
    }

    @Test
    void aReplicaLogsNoMutationPastADecreeItDoesNotHold() {
        // A learner's log keeps the uncommitted entries it dropped in memory; were a later decree logged
        // before the gap below it is filled, replaying that record's committed point would commit them.
        ReplicaCore learner = new ReplicaCore(GPID, S, 2, OPTIONS);
        PartitionConfig config = config(2, P);
        learner.onMessage(P, new ReplicaMessage.AddLearner(GPID, config));
        learner.onMessage(P, new ReplicaMessage.LearnResponse(GPID, config, ReplicaMessage.LearnResponse.NO_CHECKPOINT,
                List.of(), 2));
        learner.drainEffects();
        learner.onMessage(P, new ReplicaMessage.Prepare(GPID, config, new LoggedMutation(2, 5, 4, OPS), 4));
        learner.onMessage(P, new ReplicaMessage.Prepare(GPID, config, new LoggedMutation(2, 4, 2, OPS), 4));
        assertTrue(only(learner.drainEffects(), Effect.AppendLog.class).isEmpty(), "decree 3 is missing");
        learner.onMessage(P, new ReplicaMessage.Prepare(GPID, config, new LoggedMutation(2, 3, 2, OPS), 4));
        assertEquals(List.of(3L, 4L, 5L), only(learner.drainEffects(), Effect.AppendLog.class).stream()
                .map(append -> append.mutation().decree()).toList(), "logged in decree order once held");
    }

    /**
     * A learner that logged its primary's uncommitted entries under one ballot reports nothing on them
     * once the primary moves to the next: the primary prepares them again there, and a takeover marker
     * prepared again drops the older entries above it, so a report on them would have the learner
     * upgraded with a gap (seeds 98000803, 98001343). It learns them anew and reports once they are
     * logged under the new ballot.
     */
    @Test
    void aLearnerReportsOnlyWhatItHoldsUnderItsPrimarysCurrentBallot() {
        ReplicaCore learner = new ReplicaCore(GPID, S, 2, OPTIONS);
        PartitionConfig old = config(3, P);
        learner.onMessage(P, new ReplicaMessage.AddLearner(GPID, old));
        LoggedMutation marker = LoggedMutation.takeoverMarker(3, 3, 2);
        LoggedMutation write = new LoggedMutation(3, 4, 2, OPS);
        learner.onMessage(P, new ReplicaMessage.LearnResponse(GPID, old, ReplicaMessage.LearnResponse.NO_CHECKPOINT,
                List.of(marker, write), 2));
        learner.onLogged(3, 3);
        learner.onLogged(3, 4);
        learner.drainEffects();

        PartitionConfig next = config(4, P);
        learner.onMessage(P, new ReplicaMessage.Prepare(GPID, next, marker.reprepared(4, 2), 2));
        learner.onLogged(4, 3);
        List<Effect> afterMarker = learner.drainEffects();
        assertTrue(afterMarker.stream().noneMatch(effect -> effect instanceof Effect.Send send
                && send.message() instanceof ReplicaMessage.LearnCompleted), "decree 4 is held only under ballot 3");
        assertTrue(afterMarker.stream().anyMatch(effect -> effect instanceof Effect.Send send
                && send.message() instanceof ReplicaMessage.LearnRequest request && request.ballot() == 4),
                "it learns again under the new ballot");

        learner.onMessage(P, new ReplicaMessage.LearnResponse(GPID, next, ReplicaMessage.LearnResponse.NO_CHECKPOINT,
                List.of(marker.reprepared(4, 2), write.reprepared(4, 2)), 2));
        learner.onLogged(4, 4);
        assertTrue(learner.drainEffects().stream().anyMatch(effect -> effect instanceof Effect.Send send
                && send.message() instanceof ReplicaMessage.LearnCompleted completed && completed.ballot() == 4
                && completed.preparedDecree() == 4), "caught up once decree 4 is logged under ballot 4");
    }

    /**
     * Once a learner reported caught up and its upgrade is proposed, the meta server may make it a
     * secondary at any moment, unknown to this primary: nothing commits without it from then on, so the
     * new secondary never misses a committed decree and can safely be made primary (seeds 901, 3115401).
     */
    @Test
    void aCaughtUpLearnerIsCountedInEveryCommitOnceItsUpgradeIsProposed() {
        ReplicaCore primary = new ReplicaCore(GPID, P, 0, OPTIONS);
        primary.onConfig(config(1, P));
        primary.onAddLearnerRequested(S, 1);
        primary.onMessage(S, new ReplicaMessage.LearnRequest(GPID, 1, 0));
        primary.drainEffects();
        primary.onMessage(S, new ReplicaMessage.LearnCompleted(GPID, 1, 0, 0));
        assertTrue(only(primary.drainEffects(), Effect.ProposeToMeta.class).stream().anyMatch(propose ->
                propose.proposal().kind() == ConfigProposal.Kind.UPGRADE_TO_SECONDARY), "the upgrade is proposed");

        primary.onClientWrite(7, OPS);
        assertTrue(only(primary.drainEffects(), Effect.Send.class).stream().anyMatch(send -> send.to().equals(S)
                && send.message() instanceof ReplicaMessage.Prepare), "the learner is sent the prepare");
        primary.onLogged(1, 1);
        primary.onTick(OPTIONS.learnTimeoutMillis() * 10);
        assertTrue(only(primary.drainEffects(), Effect.Reply.class).isEmpty(),
                "no commit without the caught-up learner, however long it is silent");
        primary.onMessage(S, new ReplicaMessage.PrepareAck(GPID, 1, 1, true));
        assertEquals(List.of(Effect.Reply.committed(7, 1)), only(primary.drainEffects(), Effect.Reply.class));
    }

    /**
     * A prepare or group check the primary sent under its previous ballot can reach a secondary that has
     * already moved to the next one (from its meta sync). Refusing it must not read, at the primary, as a
     * refusal of the current ballot: a live, up-to-date secondary was removed for it.
     */
    @Test
    void aSecondaryRefusingAMessageOfAnOlderBallotIsNotRemoved() {
        ReplicaCore secondary = new ReplicaCore(GPID, S, 0, OPTIONS);
        secondary.onConfig(config(2, P, S));
        secondary.onConfig(config(3, P, S));
        secondary.drainEffects();
        secondary.onMessage(P, new ReplicaMessage.Prepare(GPID, config(2, P, S), new LoggedMutation(2, 1, 0, OPS), 0));
        secondary.onMessage(P, new ReplicaMessage.GroupCheck(GPID, config(2, P, S), 0));
        List<ReplicaMessage> refusals = only(secondary.drainEffects(), Effect.Send.class).stream()
                .map(Effect.Send::message).toList();
        assertEquals(2, refusals.size());

        ReplicaCore primary = new ReplicaCore(GPID, P, 0, OPTIONS);
        primary.onConfig(config(3, P, S));
        primary.drainEffects();
        refusals.forEach(refusal -> primary.onMessage(S, refusal));
        assertTrue(only(primary.drainEffects(), Effect.ProposeToMeta.class).isEmpty(),
                "refusals of ballot 2's messages say nothing about ballot 3");
    }

    /**
     * A replica whose apply failed has a store that misses a decree: no later configuration may make it
     * serve again (it stays failed, refusing its primary so that it is removed), and it no longer counts
     * the decree as applied.
     */
    @Test
    void aReplicaWhoseApplyFailedStaysFailedWhateverConfigurationComes() {
        ReplicaCore secondary = new ReplicaCore(GPID, S, 0, OPTIONS);
        PartitionConfig config = config(1, P, S);
        secondary.onConfig(config);
        secondary.onMessage(P, new ReplicaMessage.Prepare(GPID, config, new LoggedMutation(1, 1, 0, OPS), 0));
        secondary.onLogged(1, 1);
        secondary.onMessage(P, new ReplicaMessage.GroupCheck(GPID, config, 1));
        assertEquals(1, only(secondary.drainEffects(), Effect.Apply.class).size());

        secondary.onApplyFailed(1, "no space left on device");
        assertEquals(0, secondary.appliedDecree());
        assertEquals(Role.Status.ERROR, secondary.status());
        secondary.onConfig(config(2, S));
        assertEquals(Role.Status.ERROR, secondary.status(), "not made primary by a later configuration");
        secondary.onMessage(P, new ReplicaMessage.Prepare(GPID, config(3, P, S), new LoggedMutation(3, 2, 1, OPS), 1));
        List<Effect> effects = secondary.drainEffects();
        assertTrue(only(effects, Effect.AppendLog.class).isEmpty());
        assertEquals(List.of(new ReplicaMessage.PrepareAck(GPID, 3, 2, false)),
                only(effects, Effect.Send.class).stream().map(Effect.Send::message).toList(), "its primary hears no");
        secondary.onMessage(P, new ReplicaMessage.AddLearner(GPID, config(4, P)));
        assertEquals(Role.Status.ERROR, secondary.status(), "not a learner either");
    }

    /**
     * A primary handing its role over (it stays a secondary) with a client write uncommitted answers the
     * client once the decree commits under the new primary: applied when the same writes committed
     * there, not applied (so the client may repeat it) when other writes did.
     */
    @Test
    void aWriteLeftUncommittedByAHandOverIsAnsweredOnceItsDecreeCommits() {
        List<WriteOp> other = List.of(WriteOp.put(new byte[] {0, 1, 'o'}, new byte[12]));
        assertEquals(List.of(Effect.Reply.committed(7, 1)), outcomeOfHandedOverWrite(OPS));
        assertEquals(List.of(Effect.Reply.failed(7, ErrorCode.ERR_INVALID_STATE)), outcomeOfHandedOverWrite(other));
    }

    private static List<Effect.Reply> outcomeOfHandedOverWrite(List<WriteOp> committedAtItsDecree) {
        ReplicaCore primary = new ReplicaCore(GPID, P, 0, OPTIONS);
        primary.onConfig(config(1, P, S));
        primary.onClientWrite(7, OPS);
        primary.onLogged(1, 1);
        PartitionConfig handedOver = config(2, S, P);
        primary.onConfig(handedOver);
        assertTrue(only(primary.drainEffects(), Effect.Reply.class).isEmpty(), "no answer while the decree is open");
        primary.onMessage(S, new ReplicaMessage.Prepare(GPID, handedOver, new LoggedMutation(2, 1, 0,
                committedAtItsDecree), 0));
        primary.onLogged(2, 1);
        primary.onMessage(S, new ReplicaMessage.GroupCheck(GPID, handedOver, 1));
        return only(primary.drainEffects(), Effect.Reply.class);
    }

    /**
     * A write the old primary placed beyond what the new primary held can never commit once the new
     * primary's takeover marker committed (every member dropped it): the old primary answers it as not
     * applied then, without waiting for later writes to reach its decree.
     */
    @Test
    void aWriteBeyondTheNewPrimarysLogIsNotAppliedOnceItsTakeoverMarkerCommits() {
        ReplicaCore primary = new ReplicaCore(GPID, P, 0, OPTIONS);
        primary.onConfig(config(1, P, S));
        primary.onClientWrite(7, OPS);
        primary.onClientWrite(8, OPS);
        primary.onLogged(1, 1);
        primary.onLogged(1, 2);
        PartitionConfig handedOver = config(2, S, P);
        primary.onConfig(handedOver);
        primary.drainEffects();
        // The new primary held nothing: its marker takes decree 1, the writes of decrees 1 and 2 go.
        primary.onMessage(S, new ReplicaMessage.Prepare(GPID, handedOver, LoggedMutation.takeoverMarker(2, 1, 0), 0));
        assertEquals(1, primary.preparedDecree(), "decree 2 of ballot 1 dropped");
        primary.onLogged(2, 1);
        primary.onMessage(S, new ReplicaMessage.GroupCheck(GPID, handedOver, 1));
        assertEquals(List.of(Effect.Reply.failed(7, ErrorCode.ERR_INVALID_STATE),
                Effect.Reply.failed(8, ErrorCode.ERR_INVALID_STATE)), only(primary.drainEffects(), Effect.Reply.class));
    }

    /** A new primary places a marker after what it prepares again, so its takeover commits even with no write. */
    @Test
    void aNewPrimaryPlacesATakeoverMarkerAfterItsUncommittedMutations() {
        ReplicaCore replica = new ReplicaCore(GPID, S, 0, OPTIONS);
        PartitionConfig first = config(1, P, S);
        replica.onConfig(first);
        replica.onMessage(P, new ReplicaMessage.Prepare(GPID, first, new LoggedMutation(1, 1, 0, OPS), 0));
        replica.drainEffects();
        replica.onConfig(config(2, S));
        List<LoggedMutation> appended = only(replica.drainEffects(), Effect.AppendLog.class).stream()
                .map(Effect.AppendLog::mutation).toList();
        assertEquals(List.of(new LoggedMutation(2, 1, 0, OPS), LoggedMutation.takeoverMarker(2, 2, 0)), appended);
        assertTrue(appended.get(1).isTakeoverMarker());
    }

    @Test
    void aWriteOfAPrimaryThatLeavesThePartitionHasAnUnknownOutcome() {
        ReplicaCore primary = new ReplicaCore(GPID, P, 0, OPTIONS);
        primary.onConfig(config(1, P, S));
        primary.onClientWrite(7, OPS);
        primary.onConfig(config(2, S, P));
        primary.drainEffects();
        primary.onConfig(config(3, S));
        assertEquals(List.of(Effect.Reply.failed(7, ErrorCode.ERR_TIMEOUT)),
                only(primary.drainEffects(), Effect.Reply.class));
    }

    @Test
    void replayKeepsTheCommittedMutationsOfAnOlderBallotBelowANewerRecord() {
        // A secondary that acknowledged decrees 2 and 3 at ballot 1, committed at ballot 1, then moved to
        // ballot 2 as a secondary: the new primary does not prepare committed decrees again.
        List<LoggedMutation> applied = appliedAfterReplaying(new LoggedMutation(1, 1, 0, OPS),
                new LoggedMutation(1, 2, 1, OPS), new LoggedMutation(1, 3, 1, OPS), new LoggedMutation(2, 4, 3, OPS));
        assertEquals(List.of(1L, 2L, 3L), applied.stream().map(LoggedMutation::decree).toList());
    }

    @Test
    void replayKeepsAnOlderBallotsMutationPreparedAgainUnderTheNewOne() {
        List<LoggedMutation> applied = appliedAfterReplaying(new LoggedMutation(1, 1, 0, OPS),
                new LoggedMutation(1, 2, 1, OPS), new LoggedMutation(2, 2, 1, OPS), new LoggedMutation(2, 3, 2, OPS));
        assertEquals(List.of(1L, 2L), applied.stream().map(LoggedMutation::decree).toList());
        assertEquals(2, applied.get(1).ballot());
    }

    /** What a replica applies at start-up from a log holding {@code records}, in this order. */
    private static List<LoggedMutation> appliedAfterReplaying(LoggedMutation... records) {
        ReplicaCore replica = new ReplicaCore(GPID, S, 0, OPTIONS);
        for (LoggedMutation record : records) {
            replica.replay(record);
        }
        replica.finishReplay();
        List<LoggedMutation> applied = only(replica.drainEffects(), Effect.Apply.class).stream()
                .map(Effect.Apply::mutation).toList();
        assertEquals(applied.isEmpty() ? 0 : applied.get(applied.size() - 1).decree(), replica.committedDecree());
        return applied;
    }

    @Test
    void secondaryAcknowledgesOnlyOnceLogged() {
        ReplicaCore secondary = new ReplicaCore(GPID, S, 0, OPTIONS);
        PartitionConfig config = config(1, P, S);
        secondary.onMessage(P, new ReplicaMessage.Prepare(GPID, config, new LoggedMutation(1, 1, 0, OPS), 0));
        List<Effect> effects = secondary.drainEffects();
        assertEquals(1, only(effects, Effect.AppendLog.class).size());
        assertTrue(only(effects, Effect.Send.class).isEmpty());
        secondary.onLogged(1, 1);
        Effect.Send ack = only(secondary.drainEffects(), Effect.Send.class).get(0);
        assertEquals(new ReplicaMessage.PrepareAck(GPID, 1, 1, true), ack.message());
        secondary.onMessage(P, new ReplicaMessage.GroupCheck(GPID, config, 1));
        assertEquals(1, only(secondary.drainEffects(), Effect.Apply.class).size());
    }

    @Test
    void stalePrimaryIsRefused() {
        ReplicaCore secondary = new ReplicaCore(GPID, S, 0, OPTIONS);
        secondary.onConfig(config(3, P, S));
        secondary.drainEffects();
        secondary.onMessage(P, new ReplicaMessage.Prepare(GPID, config(2, P, S), new LoggedMutation(2, 1, 0, OPS), 0));
        Effect.Send nack = only(secondary.drainEffects(), Effect.Send.class).get(0);
        assertFalse(((ReplicaMessage.PrepareAck) nack.message()).ok());
    }

    @Test
    void refusesWritesPastTheInFlightBoundAndWhenNotPrimary() {
        ReplicaCore primary = new ReplicaCore(GPID, P, 0, OPTIONS);
        primary.onClientWrite(1, OPS);
        assertEquals(List.of(Effect.Reply.failed(1, ErrorCode.ERR_INVALID_STATE)),
                only(primary.drainEffects(), Effect.Reply.class));
        primary.onConfig(config(1, P, S));
        primary.onClientWrite(2, OPS);
        primary.onClientWrite(3, OPS);
        primary.onClientWrite(4, OPS);
        assertEquals(List.of(Effect.Reply.failed(4, ErrorCode.ERR_CAPACITY_EXCEEDED)),
                only(primary.drainEffects(), Effect.Reply.class));
    }

    @Test
    void unresponsiveSecondaryIsRemovedThroughTheMetaServer() {
        ReplicaCore primary = new ReplicaCore(GPID, P, 0, OPTIONS);
        primary.onConfig(config(1, P, S));
        primary.onClientWrite(1, OPS);
        primary.onLogged(1, 1);
        primary.drainEffects();
        primary.onTick(150);
        assertEquals(1, only(primary.drainEffects(), Effect.Send.class).stream()
                .filter(send -> send.message() instanceof ReplicaMessage.Prepare).count(), "resent after 100 ms");
        primary.onTick(1200);
        List<Effect.ProposeToMeta> proposals = only(primary.drainEffects(), Effect.ProposeToMeta.class);
        assertEquals(ConfigProposal.removeSecondary(S, 1), proposals.get(0).proposal());
        primary.onConfig(config(2, P));
        List<Effect> afterRemoval = primary.drainEffects();
        assertEquals(1, only(afterRemoval, Effect.AppendLog.class).size(), "re-prepared under the new ballot");
        primary.onLogged(2, 1);
        assertEquals(List.of(Effect.Reply.committed(1, 1)), only(primary.drainEffects(), Effect.Reply.class));
    }

    @Test
    void newPrimaryServesReadsOnlyAfterItsTakeoverCommits() {
        ReplicaCore secondary = new ReplicaCore(GPID, S, 0, OPTIONS);
        secondary.onMessage(P, new ReplicaMessage.Prepare(GPID, config(1, P, S), new LoggedMutation(1, 1, 0, OPS), 0));
        secondary.onLogged(1, 1);
        secondary.drainEffects();
        secondary.onConfig(config(2, S));
        assertFalse(secondary.isReadable(), "decree 1 may have been acknowledged by the old primary");
        secondary.onLogged(2, 1);
        assertTrue(secondary.isReadable());
        assertEquals(1, secondary.committedDecree());
    }

    /**
     * A secondary that misses a decree its primary committed before it joined (a prepare to the learner
     * was lost) must not acknowledge later decrees: the primary would commit them on its word although it
     * could not serve them if promoted. It asks for the missing ones and acknowledges once it holds them.
     */
    @Test
    void secondaryWithAGapAcknowledgesNothingAfterItUntilFilled() {
        ReplicaCore secondary = new ReplicaCore(GPID, S, 0, OPTIONS);
        PartitionConfig config = config(2, P, S);
        secondary.onConfig(config);
        secondary.drainEffects();
        LoggedMutation second = new LoggedMutation(2, 2, 1, OPS);
        secondary.onMessage(P, new ReplicaMessage.Prepare(GPID, config, second, 1));
        List<Effect> effects = secondary.drainEffects();
        assertTrue(only(effects, Effect.AppendLog.class).isEmpty(), "not logged past the gap");
        assertTrue(only(effects, Effect.Send.class).stream().anyMatch(send -> send.message()
                instanceof ReplicaMessage.LearnRequest request && request.appliedDecree() == 0),
                "decree 1 is committed at the primary but missing here: ask for it");
        assertTrue(only(effects, Effect.Send.class).stream().noneMatch(send -> send.message()
                instanceof ReplicaMessage.PrepareAck), "no acknowledgement across the gap");

        LoggedMutation first = new LoggedMutation(1, 1, 0, OPS);
        secondary.onMessage(P, new ReplicaMessage.LearnResponse(GPID, config, ReplicaMessage.LearnResponse.NO_CHECKPOINT,
                List.of(first, second), 1));
        List<Effect> filled = secondary.drainEffects();
        assertEquals(List.of(1L, 2L), only(filled, Effect.AppendLog.class).stream()
                .map(append -> append.mutation().decree()).toList(), "the missing decree, then the one waiting for it");
        assertEquals(1, secondary.committedDecree());
        secondary.onLogged(1, 1);
        secondary.onLogged(2, 2);
        List<ReplicaMessage> acks = only(secondary.drainEffects(), Effect.Send.class).stream().map(Effect.Send::message)
                .toList();
        assertTrue(acks.contains(new ReplicaMessage.PrepareAck(GPID, 2, 2, true)), "the held run is acknowledged: " + acks);
    }
}
