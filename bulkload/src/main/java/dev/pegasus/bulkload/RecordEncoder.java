package dev.pegasus.bulkload;

import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.ValueSchema;
import java.io.Serializable;

/**
 * Encodes input records as the servers store them: the storage key, and the value v1 with the TTL
 * counted from the generation time and a timetag of that time (cluster id 0, not deleted). One
 * encoder per generation, so that every record of a load has the same clock; serializable, so that
 * Spark executors encode with the driver's.
 */
public final class RecordEncoder implements Serializable {
    private final long generationUnixSeconds;
    private final long timetag;

    /** @param generationMillis when the generation started, ms since the Unix epoch */
    public RecordEncoder(long generationMillis) {
        this.generationUnixSeconds = generationMillis / 1000;
        this.timetag = ValueSchema.timetag(generationMillis * 1000, 0, false);
    }

    /** @param ordinal the record's position in the input: of several records with one key, the highest wins */
    public SortEntry encode(InputRecord record, long ordinal) {
        byte[] value = ValueSchema.encode(ValueSchema.expireTsForTtl(generationUnixSeconds, record.ttlSeconds()),
                timetag, record.value());
        return new SortEntry(KeySchema.encode(record.hashKey(), record.sortKey()), ordinal, value);
    }
}
