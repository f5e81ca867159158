package dev.pegasus.server.replica.log;

import dev.pegasus.protocol.Gpid;
import java.util.Arrays;
import java.util.Objects;

/**
 * One logged mutation of one partition replica. The payload (the encoded writes) is opaque to the log.
 *
 * <p>The log keeps a reference to {@code payload} rather than a copy, to avoid copying every write
 * twice: callers must not modify the array after passing it to {@link MutationLog#append}. Records are
 * values: two are equal when every field and every payload byte is.
 */
public record LogRecord(Gpid gpid, long ballot, long decree, long lastCommittedDecree, byte[] payload) {
    public LogRecord {
        Objects.requireNonNull(gpid, "gpid");
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogRecord that
                && gpid.equals(that.gpid)
                && ballot == that.ballot
                && decree == that.decree
                && lastCommittedDecree == that.lastCommittedDecree
                && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(gpid, ballot, decree, lastCommittedDecree) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "LogRecord{" + gpid + " ballot " + ballot + " decree " + decree + " committed " + lastCommittedDecree
                + ", " + payload.length + " payload bytes}";
    }
}
