/**
 * The replica server's mutation log: one shared append-only log per server, written before mutations
 * are acknowledged (PacificA's "logged before acknowledged"), with group commit so that one fsync covers
 * many partitions' mutations. RocksDB's own WAL is off; each replica stores its last applied decree
 * atomically with its data and, on restart, applies the logged records after it.
 *
 * <p>{@link dev.pegasus.server.replica.log.MutationLog} is the adapter interface.
 * {@link dev.pegasus.server.replica.log.FileMutationLog} implements it on disk and
 * {@link dev.pegasus.server.replica.log.InMemoryMutationLog} is its deterministic twin for the
 * simulation; one contract test suite runs against both. Replay separates a torn tail (a crash
 * mid-write: cut off and reported) from corruption in the middle (refused). Garbage collection deletes
 * whole segments once every replica with records in them has made those decrees durable in its store.
 */
package dev.pegasus.server.replica.log;
