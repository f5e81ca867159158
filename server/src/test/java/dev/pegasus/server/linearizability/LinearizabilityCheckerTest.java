package dev.pegasus.server.linearizability;

import static dev.pegasus.server.linearizability.Op.cas;
import static dev.pegasus.server.linearizability.Op.read;
import static dev.pegasus.server.linearizability.Op.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Textbook histories with known verdicts; times are small integers, one key unless a test says otherwise. */
class LinearizabilityCheckerTest {

    static void assertLinearizable(CheckResult result) {
        assertTrue(result.linearizable(), result.toString());
    }

    /** Asserts exactly one violation and returns its message. */
    static String assertViolation(CheckResult result) {
        assertFalse(result.linearizable(), result.toString());
        assertEquals(1, result.violations().size(), result.toString());
        assertTrue(result.undecided().isEmpty(), result.toString());
        return result.violations().get(0);
    }

    // --- basics ---

    @Test
    void emptyHistoryIsLinearizable() {
        CheckResult result = LinearizabilityChecker.check(List.of());
        assertLinearizable(result);
        assertEquals(0, result.keysChecked());
        assertEquals(0, result.operationsChecked());
    }

    @Test
    void sequentialWritesAndReads() {
        assertLinearizable(new Timeline()
                .read(1, 0, 1, null)
                .write(1, "a", 2, 3)
                .read(2, 4, 5, "a")
                .write(2, "b", 6, 7)
                .read(1, 8, 9, "b")
                .check());
    }

    @Test
    void keysStartAbsentUnlessGivenInitialValues() {
        List<Operation> history = new Timeline().read(1, 0, 1, "init").operations();
        assertViolation(LinearizabilityChecker.check(history));
        assertLinearizable(LinearizabilityChecker.check(history, Map.of("k", "init")));
        assertLinearizable(LinearizabilityChecker.check(
                new Timeline().read(1, 0, 1, null).operations(), Map.of("other", "x")));
    }

    @Test
    void deleteMakesTheKeyAbsent() {
        Timeline deleted = new Timeline()
                .write(1, "a", 0, 1)
                .write(1, null, 2, 3)
                .read(2, 4, 5, null);
        assertLinearizable(deleted.check());
        assertViolation(deleted.copy().read(2, 6, 7, "a").check());
    }

    // --- stale and impossible reads ---

    @Test
    void staleReadAfterCompletedWriteIsAViolation() {
        String message = assertViolation(new Timeline()
                .write(1, "a", 0, 10)
                .write(1, "b", 20, 30)
                .read(2, 40, 50, "a")
                .check());
        assertTrue(message.contains("key \"k\""), message);
        assertTrue(message.contains("#2 client 2 read() -> \"a\" [40, 50]"), message);
        assertTrue(message.contains("could hold there: \"b\""), message);
    }

    @Test
    void readConcurrentWithAWriteMaySeeEitherValue() {
        Timeline writes = new Timeline()
                .write(1, "a", 0, 10)
                .write(1, "b", 20, 40);
        assertLinearizable(writes.copy().read(2, 25, 30, "a").check());
        assertLinearizable(writes.copy().read(2, 25, 30, "b").check());
    }

    @Test
    void readsMustNotSeeTheNewValueAndThenTheOld() {
        assertViolation(new Timeline()
                .write(1, "a", 0, 10)
                .write(1, "b", 20, 100)
                .read(2, 30, 40, "b")
                .read(3, 50, 60, "a")
                .check());
    }

    @Test
    void twoReadersSeeingConcurrentWritesInDifferentOrdersIsAViolation() {
        Timeline firstReader = new Timeline()
                .write(1, "a", 0, 100)
                .write(2, "b", 0, 100)
                .read(3, 10, 20, "a")
                .read(3, 30, 40, "b");
        assertLinearizable(firstReader.check());
        assertLinearizable(firstReader.copy()
                .read(4, 10, 20, "a")
                .read(4, 30, 40, "b")
                .check());
        assertViolation(firstReader.copy()
                .read(4, 10, 20, "b")
                .read(4, 30, 40, "a")
                .check());
    }

    @Test
    void readOfAValueNeverWrittenIsReportedAtOnce() {
        String message = assertViolation(new Timeline()
                .write(1, "a", 0, 10)
                .read(2, 5, 15, "ghost")
                .check());
        assertTrue(message.contains("never written"), message);
        assertTrue(message.contains("\"ghost\""), message);
    }

    @Test
    void touchingIntervalsCountAsConcurrent() {
        // The read is invoked at the very instant the write completes: the clock cannot order them.
        assertLinearizable(new Timeline()
                .write(1, "a", 0, 10)
                .read(2, 10, 20, null)
                .check());
        assertViolation(new Timeline()
                .write(1, "a", 0, 10)
                .read(2, 11, 20, null)
                .check());
    }

    // --- compare-and-set ---

    @Test
    void lostUpdateWithCasIsAViolation() {
        // Both clients read "0" and try to increment it with a compare-and-set.
        Timeline bothRead = new Timeline()
                .write(0, "0", 0, 1)
                .read(1, 2, 3, "0")
                .read(2, 2, 3, "0");
        assertViolation(bothRead.copy()
                .cas(1, "0", "1", 4, 10, true)
                .cas(2, "0", "1", 5, 11, true)
                .check());
        assertLinearizable(bothRead.copy()
                .cas(1, "0", "1", 4, 10, true)
                .cas(2, "0", "1", 5, 11, false)
                .check());
    }

    @Test
    void casSemantics() {
        assertLinearizable(new Timeline()
                .cas(1, null, "a", 0, 1, true)
                .cas(1, null, "b", 2, 3, false)
                .cas(1, "a", "b", 4, 5, true)
                .cas(1, "a", "c", 6, 7, false)
                .cas(1, "b", null, 8, 9, true)
                .read(1, 10, 11, null)
                .check());
        assertViolation(new Timeline()
                .write(1, "a", 0, 1)
                .cas(1, "a", "b", 2, 3, false)
                .check());
        assertViolation(new Timeline()
                .write(1, "a", 0, 1)
                .cas(1, "x", "b", 2, 3, true)
                .check());
    }

    // --- unknown and failed operations ---

    @Test
    void unknownWriteMayTakeEffectLongAfterItsClientGaveUp() {
        assertLinearizable(new Timeline()
                .write(1, "a", 0, 10)
                .unknown(2, write("b"), 20)
                .read(1, 30, 40, "a")
                .read(1, 1000, 1010, "b")
                .check());
    }

    @Test
    void unknownWriteMayNeverTakeEffect() {
        assertLinearizable(new Timeline()
                .write(1, "a", 0, 10)
                .unknown(2, write("b"), 20)
                .read(1, 30, 40, "a")
                .read(1, 1000, 1010, "a")
                .check());
    }

    @Test
    void unknownWriteCannotTakeEffectBeforeItsInvocation() {
        assertViolation(new Timeline()
                .read(1, 0, 10, "b")
                .unknown(2, write("b"), 20)
                .check());
    }

    @Test
    void unknownWriteTakesEffectAtMostOnce() {
        assertViolation(new Timeline()
                .write(1, "a", 0, 10)
                .unknown(2, write("b"), 20)
                .read(1, 30, 40, "b")
                .write(1, "c", 50, 60)
                .read(1, 70, 80, "b")
                .check());
    }

    @Test
    void unknownCasMaySucceedOrFail() {
        Timeline pending = new Timeline()
                .write(1, "a", 0, 10)
                .unknown(2, cas("a", "b"), 20)
                .read(1, 30, 40, "a");
        assertLinearizable(pending.check());
        assertLinearizable(pending.copy().read(1, 50, 60, "b").check());
        assertViolation(new Timeline()
                .write(1, "a", 0, 10)
                .unknown(2, cas("z", "b"), 20)
                .read(1, 30, 40, "b")
                .check());
    }

    @Test
    void unknownReadsConstrainNothing() {
        assertLinearizable(new Timeline()
                .write(1, "a", 0, 10)
                .unknown(2, read(), 20)
                .read(1, 30, 40, "a")
                .check());
    }

    @Test
    void failedOperationsNeverTookEffect() {
        assertLinearizable(new Timeline()
                .write(1, "a", 0, 10)
                .failed(2, write("b"), 20, 30)
                .failed(2, cas("a", "c"), 40, 50)
                .read(1, 60, 70, "a")
                .check());
        assertViolation(new Timeline()
                .write(1, "a", 0, 10)
                .failed(2, write("b"), 20, 30)
                .read(1, 60, 70, "b")
                .check());
        CheckResult counted = new Timeline().write(1, "a", 0, 1).failed(1, write("b"), 2, 3).check();
        assertEquals(1, counted.operationsChecked());
    }

    // --- keys ---

    @Test
    void keysAreCheckedIndependently() {
        CheckResult result = new Timeline()
                .on("x").write(1, "a", 0, 10)
                .on("y").read(2, 20, 30, null)
                .on("x").write(1, "b", 20, 30)
                .on("y").write(2, "c", 40, 50)
                .on("x").read(2, 60, 70, "a")
                .on("y").read(1, 60, 70, "c")
                .check();
        String message = assertViolation(result);
        assertTrue(message.startsWith("key \"x\""), message);
        assertEquals(2, result.keysChecked());
        assertEquals(6, result.operationsChecked());
    }

    @Test
    void operationsOnOtherKeysDoNotOrderAKey() {
        // One register holding both keys would need y's write to precede x's read; separate keys do not.
        assertLinearizable(new Timeline()
                .on("x").write(1, "a", 0, 10)
                .on("y").write(2, "b", 20, 30)
                .on("x").read(3, 40, 50, "a")
                .on("y").read(3, 60, 70, "b")
                .check());
    }

    // --- budget ---

    /**
     * Fourteen concurrent writes and then two reads that cannot both hold: proving that takes every
     * order of the writes, far more than one budget check's worth of steps.
     */
    private static List<Operation> expensiveViolation() {
        Timeline timeline = new Timeline();
        for (int client = 0; client < 14; client++) {
            timeline.write(client, "w" + client, 0, 100);
        }
        return timeline.read(20, 200, 210, "w0").read(20, 220, 230, "w1").operations();
    }

    @Test
    void searchThatExceedsTheBudgetIsUndecidedNotAViolation() {
        CheckResult result = LinearizabilityChecker.check(expensiveViolation(), Duration.ZERO);
        assertFalse(result.linearizable(), result.toString());
        assertFalse(result.violationFound(), result.toString());
        assertFalse(result.decided(), result.toString());
        assertEquals(1, result.undecided().size());
        assertTrue(result.undecided().get(0).contains("budget exceeded"), result.toString());
    }

    @Test
    void searchWithinTheBudgetDecides() {
        CheckResult result = LinearizabilityChecker.check(expensiveViolation(), Duration.ofMinutes(1));
        assertViolation(result);
        assertTrue(result.decided());
    }

    @Test
    void negativeBudgetIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> LinearizabilityChecker.check(List.of(), Duration.ofSeconds(-1)));
    }
}
