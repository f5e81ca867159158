package dev.pegasus.server.replica.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How logs written before commands were typed ({@code Command}) carried work every replica must do at
 * the same decree (a bulk load's ingestion, a partition split): as the only write of its mutation,
 * under a key whose hash-key length is 0xFFFF, which no request can produce. Only the decoding of such
 * records still reads them.
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
