package dev.pegasus.bulkload;

/**
 * One row of the input: a record to load.
 *
 * @param ttlSeconds time to live counted from the generation, 0 for none
 * @param where the row's place in the input for messages, e.g. {@code data.csv line 17}
 */
public record InputRecord(byte[] hashKey, byte[] sortKey, byte[] value, int ttlSeconds, String where) {
    /**
     * A record after the checks every input format applies (hash key length, keys not both empty,
     * TTL within range).
     *
     * @throws BadInputException naming {@code where} and the problem
     */
    public static InputRecord checked(byte[] hashKey, byte[] sortKey, byte[] value, long ttlSeconds, String where)
            throws BadInputException {
        return Fields.record(hashKey, sortKey, value, ttlSeconds, where);
    }
}
