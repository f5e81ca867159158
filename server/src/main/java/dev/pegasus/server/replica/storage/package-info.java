/**
 * One partition's data on RocksDB, with Apache Pegasus's key and value layout and read/write semantics.
 *
 * <p>The write path is split in two so that replication can sit in between: {@link
 * dev.pegasus.server.replica.storage.WriteExecutor} turns a client request into a {@link
 * dev.pegasus.server.replica.storage.Mutation} of plain puts and deletes (reading current state for
 * incr and the check-and-* operations), and {@link dev.pegasus.server.replica.storage.PartitionStore#apply}
 * later writes that mutation atomically together with its decree. Reads go straight to the store and
 * never return expired records.
 *
 * <p>Reads take and return this package's own types ({@link
 * dev.pegasus.server.replica.storage.MultiGetQuery}, {@link dev.pegasus.server.replica.storage.ScanBatch}
 * and the like), never Thrift messages: the replica's RPC services validate requests and convert them at
 * the edge, so the wire format can change without touching how records are read.
 */
package dev.pegasus.server.replica.storage;
