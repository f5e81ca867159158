package dev.pegasus.server.replica.storage;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A bulk load's ingestion. Logs written before commands were typed carry it as a put under a reserved
 * key ({@link ReservedOps}) whose value names the load and its directory: {@link #of} reads it back.
 *
 * @param loadId the bulk load whose downloaded files every replica ingests at the mutation's decree
 * @param root the bulk load directory, from which a replica that lacks the files fetches them
 */
public record IngestOp(String loadId, String root) {
    private static final byte[] KEY = ReservedOps.key("pegasus.bulk_load.ingest");

    public IngestOp {
        if (loadId.isEmpty() || loadId.contains("\n")) {
            throw new IllegalArgumentException("bad bulk load id '" + loadId + "'");
        }
    }

    /** The reserved-key put that logs written before commands were typed carry. */
    public WriteOp toWriteOp() {
        return WriteOp.put(KEY.clone(), (loadId + "\n" + root).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The ingestion a mutation's ops carry, if they are one.
     *
     * @throws IllegalStateException when an ingestion shares its mutation with other writes
     */
    public static Optional<IngestOp> of(List<WriteOp> ops) {
        return ReservedOps.valueOf(ops, KEY, "bulk load ingestion").map(bytes -> {
            String value = new String(bytes, StandardCharsets.UTF_8);
            int newline = value.indexOf('\n');
            return new IngestOp(value.substring(0, newline), value.substring(newline + 1));
        });
    }
}
