package dev.pegasus.server.sim;

import dev.pegasus.protocol.RpcAddress;
import java.util.List;

/**
 * The meta servers a process knows and the one it talks to, as the real clients keep them: it moves on
 * to the next when that one says it does not lead, or left its last request unanswered.
 */
final class MetaServers {
    private final List<RpcAddress> addresses;
    private int current;
    private boolean answered = true;

    MetaServers(List<RpcAddress> addresses) {
        this.addresses = List.copyOf(addresses);
    }

    /** Where a periodic request goes: the next meta server if the last one went unanswered. */
    RpcAddress forNextRound() {
        if (!answered) {
            moveOn();
        }
        answered = false;
        return addresses.get(current);
    }

    RpcAddress current() {
        return addresses.get(current);
    }

    void answered() {
        answered = true;
    }

    /** {@code from} does not lead: the next one is tried, unless the process moved on already. */
    RpcAddress notLeader(RpcAddress from) {
        if (addresses.get(current).equals(from)) {
            moveOn();
        }
        answered = true;
        return addresses.get(current);
    }

    private void moveOn() {
        current = (current + 1) % addresses.size();
    }
}
