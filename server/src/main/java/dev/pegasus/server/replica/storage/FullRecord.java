package dev.pegasus.server.replica.storage;

/** A live record found by its full key, with its user value (no TTL header). */
public record FullRecord(RecordKey key, byte[] value) {}
