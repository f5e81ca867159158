package dev.pegasus.bulkload;

import java.util.function.Supplier;

/**
 * One row of the input: a record to load.
 *
 * @param ttlSeconds time to live counted from the generation, 0 for none
 */
public record InputRecord(byte[] hashKey, byte[] sortKey, byte[] value, int ttlSeconds) {
    /**
     * A record after the checks every input format applies (hash key length, keys not both empty,
     * TTL within range).
     *
     * @param where the row's place in the input for messages, e.g. {@code data.csv line 17}; only built
     *              for a message, since building it for every row would cost more than the checks
     * @throws BadInputException naming {@code where} and the problem
     */
    public static InputRecord checked(byte[] hashKey, byte[] sortKey, byte[] value, long ttlSeconds,
            Supplier<String> where)
            throws BadInputException {
        return Fields.record(hashKey, sortKey, value, ttlSeconds, where);
    }
}
