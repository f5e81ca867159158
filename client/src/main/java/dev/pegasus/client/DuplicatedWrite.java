package dev.pegasus.client;

/**
 * A committed write of another cluster's table, as its duplication ships it: a put of a full stored
 * value (value header and timetag included) or a delete. Applied only where it is at least as new as
 * what the key holds.
 *
 * @param storageKey  the hash key and sort key in their stored form
 * @param storedValue the stored value; null for a delete
 * @param timetag     the put's timetag (the one in its value header), or the delete's
 */
public record DuplicatedWrite(byte[] storageKey, byte[] storedValue, long timetag) {
    public boolean isDelete() {
        return storedValue == null;
    }
}
