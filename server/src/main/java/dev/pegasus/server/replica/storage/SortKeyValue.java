package dev.pegasus.server.replica.storage;

/**
 * A record of a multi_get, which reads within one hash key: only the sort key tells records apart.
 * The value is the user value, empty when the query asked for no values.
 */
public record SortKeyValue(byte[] sortKey, byte[] value) {}
