package dev.pegasus.server.replica.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.server.replica.storage.WriteOp;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrepareListTest {
    private static final List<WriteOp> OPS = List.of(WriteOp.put(new byte[] {0, 1, 'k'}, new byte[12]));

    private static LoggedMutation m(long ballot, long decree) {
        return new LoggedMutation(ballot, decree, 0, OPS);
    }

    @Test
    void commitsOnlyContiguousDecreesInOrder() {
        PrepareList list = new PrepareList(0, 100, Long.MAX_VALUE);
        list.prepare(m(1, 1));
        list.prepare(m(1, 3));
        assertEquals(List.of(m(1, 1)), list.commitUpTo(3));
        assertEquals(1, list.committedDecree());
        list.prepare(m(1, 2));
        assertEquals(List.of(m(1, 2), m(1, 3)), list.commitUpTo(3));
        assertEquals(3, list.lastPreparedDecree());
    }

    @Test
    void higherBallotsReplaceUncommittedEntriesOnly() {
        PrepareList list = new PrepareList(0, 100, Long.MAX_VALUE);
        assertTrue(list.prepare(m(1, 1)));
        assertFalse(list.prepare(m(1, 1)), "a duplicate is not new");
        assertFalse(list.prepare(m(0, 1)), "a lower ballot never replaces");
        assertTrue(list.prepare(m(2, 1)));
        list.commitUpTo(1);
        assertFalse(list.prepare(m(3, 1)), "a committed decree never changes");
        assertEquals(2, list.get(1).orElseThrow().ballot());
    }

    /**
     * A new primary hands out every decree after its takeover marker itself: what a primary of an older
     * ballot left above the marker goes, while the new primary's own prepares that arrived early stay.
     */
    @Test
    void aTakeoverMarkerDropsTheOlderBallotsEntriesAboveIt() {
        PrepareList list = new PrepareList(0, 100, Long.MAX_VALUE);
        list.prepare(m(1, 1));
        list.prepare(m(1, 2));
        list.prepare(m(1, 3));
        list.prepare(m(2, 4));
        list.prepare(m(2, 1));
        assertEquals(List.of(m(2, 1), m(1, 2), m(1, 3), m(2, 4)), list.uncommitted(), "a plain mutation drops nothing");
        list.prepare(LoggedMutation.takeoverMarker(2, 2, 0));
        assertEquals(List.of(m(2, 1), LoggedMutation.takeoverMarker(2, 2, 0), m(2, 4)), list.uncommitted());
        assertFalse(list.holdsEverythingBefore(4), "decree 3 is missing");
    }

    @Test
    void keepsAWindowOfCommittedMutationsForLearners() {
        PrepareList list = new PrepareList(0, 3, Long.MAX_VALUE);
        for (long d = 1; d <= 10; d++) {
            list.prepare(m(1, d));
        }
        list.commitUpTo(8);
        assertTrue(list.range(5, 10).isPresent());
        assertEquals(5, list.range(5, 10).orElseThrow().size());
        assertTrue(list.range(4, 10).isEmpty(), "decree 5 was trimmed: a learner at 4 needs a checkpoint");
    }

    @Test
    void theWindowOfCommittedMutationsIsBoundedInBytesToo() {
        PrepareList list = new PrepareList(0, 100, 2_500);
        for (long d = 1; d <= 10; d++) {
            list.prepare(new LoggedMutation(1, d, 0, List.of(WriteOp.put(new byte[10], new byte[990]))));
        }
        list.commitUpTo(10);
        assertTrue(list.range(8, 10).isPresent(), "two mutations of 1,000 bytes fit in 2,500");
        assertTrue(list.range(7, 10).isEmpty(), "a third does not");

        PrepareList tiny = new PrepareList(0, 100, 1);
        tiny.prepare(new LoggedMutation(1, 1, 0, List.of(WriteOp.put(new byte[10], new byte[990]))));
        tiny.commitUpTo(1);
        assertTrue(tiny.range(0, 1).isPresent(), "the last committed mutation stays, whatever its size");
    }

    @Test
    void aCheckpointResetsTheCommittedPointAndKeepsLaterEntries() {
        PrepareList list = new PrepareList(10, 100, Long.MAX_VALUE);
        for (long d = 11; d <= 15; d++) {
            list.prepare(m(1, d));
        }
        list.commitUpTo(14);
        list.resetTo(12);
        assertEquals(12, list.committedDecree());
        assertEquals(List.of(m(1, 13), m(1, 14)), list.commitUpTo(14), "decrees after the checkpoint apply again");
    }

    @Test
    void discardsFromADecree() {
        PrepareList list = new PrepareList(0, 100, Long.MAX_VALUE);
        for (long d = 1; d <= 5; d++) {
            list.prepare(m(1, d));
        }
        list.commitUpTo(2);
        list.discardFrom(4);
        assertEquals(3, list.lastPreparedDecree());
        list.discardUncommitted();
        assertEquals(2, list.lastPreparedDecree());
    }

    @Test
    void knowsWhetherEverythingBeforeADecreeIsHeld() {
        PrepareList list = new PrepareList(0, 100, Long.MAX_VALUE);
        list.prepare(m(1, 1));
        list.prepare(m(1, 3));
        assertTrue(list.holdsEverythingBefore(2));
        assertFalse(list.holdsEverythingBefore(4), "decree 2 is missing");
        list.prepare(m(1, 2));
        assertTrue(list.holdsEverythingBefore(4));
        list.discardFrom(3);
        assertTrue(list.holdsEverythingBefore(3));
        assertFalse(list.holdsEverythingBefore(4));
        list.prepare(m(1, 5));
        list.commitUpTo(2);
        assertFalse(list.holdsEverythingBefore(6), "decrees 3 and 4 are missing");
        list.resetTo(4);
        assertTrue(list.holdsEverythingBefore(6), "a checkpoint at 4, then decree 5");
    }
}
