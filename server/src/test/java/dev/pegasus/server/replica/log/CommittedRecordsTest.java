package dev.pegasus.server.replica.log;

import static dev.pegasus.server.replica.log.LogFixtures.A;
import static dev.pegasus.server.replica.log.LogFixtures.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CommittedRecordsTest {
    /** A record whose payload names its ballot, so a test sees which copy was picked. */
    private static LogRecord prepared(long decree, long ballot, long lastCommitted) {
        return new LogRecord(A, ballot, decree, lastCommitted, ("" + decree + "@" + ballot).getBytes());
    }

    private static List<String> names(List<LogRecord> records) {
        return records.stream().map(record -> new String(record.payload())).toList();
    }

    /**
     * The log of a replica that was primary at ballot 3 and prepared 4..6, of which only 4 reached the
     * others; the primary of ballot 4 prepared 4 again (it may have committed), placed its takeover
     * marker at 5 and new writes from 6. The stale 5@3 and 6@3 were never committed.
     */
    private static List<LogRecord> logAcrossATakeover() {
        List<LogRecord> log = new ArrayList<>();
        for (long decree = 1; decree <= 6; decree++) {
            log.add(prepared(decree, 3, Math.min(decree - 1, 3)));
        }
        log.add(prepared(4, 4, 3));
        log.add(prepared(5, 4, 3));
        log.add(prepared(6, 4, 3));
        log.add(prepared(7, 4, 6));
        return log;
    }

    @Test
    void picksTheHighestBallotOfEachDecreeInDecreeOrder() {
        assertEquals(List.of("2@3", "3@3", "4@4", "5@4", "6@4"), names(CommittedRecords.pick(logAcrossATakeover(), 2, 6)));
    }

    @Test
    void theBallotDecidesNotThePlaceInTheLog() {
        List<LogRecord> log = List.of(prepared(1, 5, 0), prepared(1, 4, 0), prepared(2, 4, 1));
        assertEquals(List.of("1@5", "2@4"), names(CommittedRecords.pick(log, 1, 2)));
    }

    @Test
    void stopsAtTheFirstMissingDecree() {
        List<LogRecord> log = List.of(prepared(1, 3, 0), prepared(2, 3, 1), prepared(4, 3, 3), prepared(5, 3, 4));
        assertEquals(List.of("1@3", "2@3"), names(CommittedRecords.pick(log, 1, 5)));
        assertEquals(List.of(), CommittedRecords.pick(log, 3, 5), "nothing when the first decree is missing");
    }

    @Test
    void leavesOutDecreesBelowTheStartAndAboveTheCommittedPoint() {
        assertEquals(List.of("3@3", "4@4"), names(CommittedRecords.pick(logAcrossATakeover(), 3, 4)));
        assertEquals(List.of(), CommittedRecords.pick(logAcrossATakeover(), 5, 4));
        assertEquals(List.of(), CommittedRecords.pick(List.of(), 1, 10));
    }

    @Test
    void recordsOfAnotherReplicaAreRefused() {
        List<LogRecord> mixed = List.of(prepared(1, 3, 0), new LogRecord(B, 3, 2, 1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> CommittedRecords.pick(mixed, 1, 2));
    }

    @Test
    void aReadCutShortIsPickedOnlyUpToTheCommittedPointItsRecordsCarry() {
        List<LogRecord> log = logAcrossATakeover();
        // The budget stopped the read after 6@3: the newer copies of 5 and 6 were left unread.
        LogReadBack cut = new LogReadBack(log.subList(3, 6), true, OptionalLong.of(1), 0);
        assertEquals(3, cut.committedBound(7));
        assertEquals(List.of(), CommittedRecords.pick(cut.records(), 4, cut.committedBound(7)),
                "4@3 may not be the committed copy of 4 as far as this read can tell");

        LogReadBack further = new LogReadBack(log.subList(3, 10), true, OptionalLong.of(1), 0);
        assertEquals(6, further.committedBound(7));
        assertEquals(List.of("4@4", "5@4", "6@4"),
                names(CommittedRecords.pick(further.records(), 4, further.committedBound(7))));

        LogReadBack whole = new LogReadBack(log.subList(3, 10), false, OptionalLong.of(1), 0);
        assertEquals(7, whole.committedBound(7), "a read not cut short holds every copy logged before it began");
    }
}
