/**
 * Thin Java client of a Pegasus cluster.
 *
 * <pre>{@code
 * try (PegasusClient client = PegasusClient.open("127.0.0.1:34601,127.0.0.1:34602")) {
 *     client.admin().createTable("users", 8, 3, Map.of());
 *     PegasusTable users = client.openTable("users");
 *     users.set(hashKey, sortKey, value);
 *     byte[] read = users.get(hashKey, sortKey);            // null when absent
 *     users.asyncGet(hashKey, sortKey).thenAccept(v -> ...); // completes off the network threads
 *     try (PegasusScanner scanner = users.getScanner(hashKey, null, null, ScanOptions.defaults())) {
 *         for (KeyValue kv = scanner.next(); kv != null; kv = scanner.next()) { ... }
 *     }
 * }
 * }</pre>
 *
 * <p>How a request travels: {@link dev.pegasus.client.PegasusTable} checks the arguments and builds
 * the Thrift request; {@code PartitionCaller} finds the partition's primary in the {@code RouteCache}
 * (filled from the meta server through {@code MetaSession}), sends it, and on failure refreshes routes
 * and/or backs off as {@code RetryPolicy} decides, all within the operation's {@code Deadline}.
 * Failures reach the caller as {@link dev.pegasus.client.PegasusException} with an
 * {@link dev.pegasus.protocol.ErrorCode}; bad arguments as {@link java.lang.IllegalArgumentException}
 * before anything is sent.
 */
package dev.pegasus.client;
