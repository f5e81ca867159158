package dev.pegasus.server.replica.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Writes the replication path carries under reserved keys, for work every replica must do at the same
 * decree (a bulk load's ingestion, a partition split). A reserved key starts with a hash-key length of
 * 0xFFFF, which no request can produce (hash keys are shorter and every key a request writes is
 * checked), so such an op travels through the log, prepares and learning like any write and is
 * recognised where mutations are applied. It must be the only op of its mutation: the primary places
 * it as a read-modify-write request, which never shares a mutation with other writes.
 */
final class ReservedOps {
    private ReservedOps() {}

    static byte[] key(String name) {
        byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
        byte[] key = new byte[2 + ascii.length];
        key[0] = (byte) 0xFF;
        key[1] = (byte) 0xFF;
        System.arraycopy(ascii, 0, key, 2, ascii.length);
        return key;
    }

    /**
     * The value of the reserved op under {@code key}, if the mutation's ops are that op.
     *
     * @throws IllegalStateException when the op shares its mutation with other writes: applying those and
     *                               skipping it, or the reverse, would lose one of them
     */
    static Optional<byte[]> valueOf(List<WriteOp> ops, byte[] key, String what) {
        boolean found = ops.stream().anyMatch(op -> !op.delete() && Arrays.equals(op.key(), key));
        if (!found) {
            return Optional.empty();
        }
        if (ops.size() != 1) {
            throw new IllegalStateException("a " + what + " shares its mutation with " + (ops.size() - 1)
                    + " other writes");
        }
        return Optional.of(ops.get(0).storedValue());
    }
}
