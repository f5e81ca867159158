package dev.pegasus.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BandwidthTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);

    @Test
    void aBurstUpToTheInitialBucketGoesAtOnce() {
        Bandwidth bandwidth = new Bandwidth(4 << 20, clock::get);
        assertEquals(0, bandwidth.reserve(1 << 20));
    }

    @Test
    void bytesBeyondTheBucketWaitInProportionToTheRate() {
        Bandwidth bandwidth = new Bandwidth(1 << 20, clock::get);
        assertEquals(0, bandwidth.reserve(1 << 20));
        assertEquals(SECOND / 2, bandwidth.reserve(1 << 19));
        assertEquals(SECOND, bandwidth.reserve(1 << 19), "waits add up");
    }

    @Test
    void aCallerThatMustNotWaitTakesWhatItSentAndHoldsBackWhileTheBucketOwes() {
        Bandwidth bandwidth = new Bandwidth(1 << 20, clock::get);
        bandwidth.take(1 << 20);
        assertTrue(!bandwidth.owes(), "the first second's worth");
        bandwidth.take(1 << 19);
        assertTrue(bandwidth.owes());
        clock.addAndGet(SECOND / 2);
        assertTrue(!bandwidth.owes(), "paid back after half a second");
        assertTrue(!Bandwidth.UNLIMITED.owes());
    }

    @Test
    void timeRefillsTheBucketUpToOneSecondsWorth() {
        Bandwidth bandwidth = new Bandwidth(1000, clock::get);
        assertEquals(0, bandwidth.reserve(1000));
        clock.addAndGet(SECOND / 2);
        assertEquals(0, bandwidth.reserve(500));
        clock.addAndGet(10 * SECOND);
        assertEquals(0, bandwidth.reserve(1000));
        assertEquals(SECOND / 1000, bandwidth.reserve(1), "no more than one second's worth was saved");
    }

    @Test
    void aDebtIsPaidByElapsedTime() {
        Bandwidth bandwidth = new Bandwidth(1000, clock::get);
        assertEquals(10 * SECOND - SECOND, bandwidth.reserve(10_000));
        clock.addAndGet(9 * SECOND);
        assertEquals(0, bandwidth.reserve(0));
    }

    @Test
    void aLongIdleTimeAtAHighRateDoesNotOverflow() {
        Bandwidth bandwidth = new Bandwidth(1L << 30, clock::get);
        bandwidth.reserve(1 << 20);
        clock.addAndGet(TimeUnit.DAYS.toNanos(30));
        assertEquals(0, bandwidth.reserve(1L << 30));
    }

    @Test
    void rateMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Bandwidth(0));
        assertThrows(IllegalArgumentException.class, () -> new Bandwidth(-5));
    }

    @Test
    void anInterruptEndsTheWaitKeepingTheFlag() {
        Bandwidth bandwidth = new Bandwidth(1);
        Thread.currentThread().interrupt();
        try {
            bandwidth.acquire(TimeUnit.DAYS.toSeconds(365));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    /** The real clock: only a lower bound, which a slow machine cannot break. */
    @Test
    void acquireReallyWaits() {
        Bandwidth bandwidth = new Bandwidth(1 << 20);
        long start = System.nanoTime();
        bandwidth.acquire(1 << 20);
        bandwidth.acquire(1 << 18);
        long elapsed = System.nanoTime() - start;
        assertTrue(elapsed >= SECOND / 4 - SECOND / 100, "waited only " + elapsed + " ns");
    }
}
