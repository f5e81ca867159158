package dev.pegasus.server.replica.storage;

/** A clock tests move by hand, so TTL behaviour is tested without waiting. */
final class FakeClock implements StorageClock {
    /** 2024-01-01T00:00:00Z. */
    static final long START_UNIX_SECONDS = 1_704_067_200L;

    private long nowMicros = START_UNIX_SECONDS * 1_000_000L;

    @Override
    public synchronized long nowMicros() {
        return nowMicros;
    }

    synchronized void advanceSeconds(long seconds) {
        nowMicros += seconds * 1_000_000L;
    }

    synchronized void advanceMicros(long micros) {
        nowMicros += micros;
    }
}
