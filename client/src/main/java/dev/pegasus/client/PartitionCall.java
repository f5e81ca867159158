package dev.pegasus.client;

import dev.pegasus.protocol.rpc.RpcMethod;

/**
 * One key-value request to the primary of the partition that owns {@code partitionHash}.
 *
 * @param operation the user-facing name, for messages ("set", "multiGet", ...)
 */
record PartitionCall<Req, Resp>(String table, String operation, long partitionHash, RpcMethod<Req, Resp> method,
        Req request, RetryMode retryMode) {}
