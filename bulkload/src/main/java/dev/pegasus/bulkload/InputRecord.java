package dev.pegasus.bulkload;

/**
 * One row of the input: a record to load.
 *
 * @param ttlSeconds time to live counted from the generation, 0 for none
 * @param where the row's place in the input for messages, e.g. {@code data.csv line 17}
 */
public record InputRecord(byte[] hashKey, byte[] sortKey, byte[] value, int ttlSeconds, String where) {
}
