package dev.pegasus.server.replica.log;

import java.util.concurrent.CompletableFuture;

/** An accepted append on its way to the writer thread; {@code size} is its encoded size, computed once. */
record PendingAppend(LogRecord record, boolean durable, int size, CompletableFuture<Void> done) {}
