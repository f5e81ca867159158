package dev.pegasus.server.replica.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The write of a bulk load's ingestion, as the replication path carries it: a put under a reserved
 * key whose value names the load and its directory. The key starts with a hash-key length of 0xFFFF,
 * which no request can produce (hash keys are shorter and every key a request writes is checked), so
 * the op travels through the log, prepares and learning like any write, and {@link #of} recognises it
 * where mutations are applied. It is always the only op of its mutation.
 *
 * @param loadId the bulk load whose downloaded files every replica ingests at the mutation's decree
 * @param root the bulk load directory, from which a replica that lacks the files fetches them
 */
public record IngestOp(String loadId, String root) {
    private static final byte[] KEY = key();

    public IngestOp {
        if (loadId.isEmpty() || loadId.contains("\n")) {
            throw new IllegalArgumentException("bad bulk load id '" + loadId + "'");
        }
    }

    private static byte[] key() {
        byte[] name = "pegasus.bulk_load.ingest".getBytes(StandardCharsets.US_ASCII);
        byte[] key = new byte[2 + name.length];
        key[0] = (byte) 0xFF;
        key[1] = (byte) 0xFF;
        System.arraycopy(name, 0, key, 2, name.length);
        return key;
    }

    public WriteOp toWriteOp() {
        return WriteOp.put(KEY.clone(), (loadId + "\n" + root).getBytes(StandardCharsets.UTF_8));
    }

    /** The ingestion a mutation's ops carry, if they are one. */
    public static Optional<IngestOp> of(List<WriteOp> ops) {
        if (ops.size() != 1 || ops.get(0).delete() || !Arrays.equals(ops.get(0).key(), KEY)) {
            return Optional.empty();
        }
        String value = new String(ops.get(0).storedValue(), StandardCharsets.UTF_8);
        int newline = value.indexOf('\n');
        return Optional.of(new IngestOp(value.substring(0, newline), value.substring(newline + 1)));
    }
}
