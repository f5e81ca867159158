/**
 * Learning by checkpoint: how a new or lagging replica receives a whole copy of its partition from
 * the primary before it catches up from the log tail.
 *
 * <p>The primary takes a {@link dev.pegasus.server.replica.storage.StoreCheckpoint} on the
 * partition's writer thread (so its decree is exact) and a {@link
 * dev.pegasus.server.replica.learn.CheckpointShipper} streams its files in chunks to the learner,
 * where a {@link dev.pegasus.server.replica.learn.CheckpointReceiver} stages them, checks offsets and
 * checksums, and hands the complete checkpoint to an installer that swaps the replica's store
 * directory. Only a verified, complete checkpoint is ever installed; anything else is deleted.
 */
package dev.pegasus.server.replica.learn;
