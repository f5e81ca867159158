package dev.pegasus.client;

import dev.pegasus.protocol.thrift.duplication_fail_mode;

/** What a duplicating primary does when the log it has not shipped yet outgrows its bound. */
public enum DuplicationFailMode {
    /** Keep the log and retry for ever: writes go on, the lag grows. The default. */
    SLOW(duplication_fail_mode.FAIL_SLOW),
    /** Drop what is past the bound and count it as skipped: the remote misses those writes. */
    SKIP(duplication_fail_mode.FAIL_SKIP);

    private final duplication_fail_mode wire;

    DuplicationFailMode(duplication_fail_mode wire) {
        this.wire = wire;
    }

    duplication_fail_mode wire() {
        return wire;
    }

    static DuplicationFailMode from(duplication_fail_mode wire) {
        for (DuplicationFailMode mode : values()) {
            if (mode.wire == wire) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown duplication fail mode " + wire);
    }
}
