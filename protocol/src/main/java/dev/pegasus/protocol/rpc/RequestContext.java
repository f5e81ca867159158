package dev.pegasus.protocol.rpc;

import dev.pegasus.protocol.Gpid;
import java.net.SocketAddress;

/**
 * What a handler knows of a request besides its argument: the partition it is routed to, the
 * client's partition hash, and when the client stops waiting.
 *
 * @param deadlineNanos {@link System#nanoTime()} after which the client has given up
 * @param backupRequest a read the client also sent elsewhere, which a secondary may answer from its
 *                      possibly older state (Apache Pegasus's backup request)
 */
public record RequestContext(Gpid gpid, long partitionHash, long deadlineNanos, SocketAddress remote,
        boolean backupRequest) {
    public boolean expired(long nowNanos) {
        return nowNanos - deadlineNanos > 0;
    }
}
