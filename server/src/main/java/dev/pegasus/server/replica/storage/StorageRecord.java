package dev.pegasus.server.replica.storage;

/**
 * A record as a scan returns it: a scan crosses hash keys, so the key is the full storage key (hash
 * key length, hash key, sort key), exactly as stored. The value is the user value, empty when the
 * scan asked for no values.
 */
public record StorageRecord(byte[] storageKey, byte[] value) {}
