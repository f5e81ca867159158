package dev.pegasus.server.sim;

import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.core.ReplicaMessage;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Messages between simulated hosts: delayed, sometimes dropped or duplicated, reordered by their
 * delays, and cut off entirely across a partition. Nothing reaches a host that is down.
 */
final class SimNetwork {
    /** Faults of one run. */
    record Faults(double dropRate, double duplicateRate, int minDelay, int maxDelay) {}

    private final Simulation sim;
    private final Faults faults;
    private final Map<RpcAddress, BiConsumer<RpcAddress, Object>> hosts = new HashMap<>();
    private final Set<RpcAddress> down = new HashSet<>();
    private final Set<RpcAddress> isolated = new HashSet<>();
    private record Link(RpcAddress from, RpcAddress to) {}

    /** One-way links that lose a share of their messages, as a congested or half-broken route does. */
    private final Map<Link, Double> lossy = new HashMap<>();
    private long sent;
    private long dropped;

    SimNetwork(Simulation sim, Faults faults) {
        this.sim = sim;
        this.faults = faults;
    }

    void attach(RpcAddress address, BiConsumer<RpcAddress, Object> receiver) {
        hosts.put(address, receiver);
    }

    void setDown(RpcAddress address, boolean isDown) {
        if (isDown) {
            down.add(address);
        } else {
            down.remove(address);
        }
    }

    void setIsolated(RpcAddress address, boolean cutOff) {
        if (cutOff) {
            isolated.add(address);
        } else {
            isolated.remove(address);
        }
    }

    /** Messages from {@code from} to {@code to} are lost at this rate (0 for none); the other direction is unaffected. */
    void setLoss(RpcAddress from, RpcAddress to, double rate) {
        if (rate > 0) {
            lossy.put(new Link(from, to), rate);
        } else {
            lossy.remove(new Link(from, to));
        }
    }

    void send(RpcAddress from, RpcAddress to, Object message) {
        sent++;
        Double linkLoss = lossy.get(new Link(from, to));
        if (sim.chance(faults.dropRate()) || (linkLoss != null && sim.chance(linkLoss))) {
            dropped++;
            return;
        }
        deliverLater(from, to, message);
        // Clients talk over TCP, which never delivers a request twice; the replicas' own protocol
        // must survive duplicates, since it resends prepares.
        if (message instanceof ReplicaMessage && sim.chance(faults.duplicateRate())) {
            deliverLater(from, to, message);
        }
    }

    private void deliverLater(RpcAddress from, RpcAddress to, Object message) {
        sim.schedule(sim.between(faults.minDelay(), faults.maxDelay()), () -> {
            if (down.contains(to) || down.contains(from) || isolated.contains(to) || isolated.contains(from)) {
                dropped++;
                return;
            }
            BiConsumer<RpcAddress, Object> receiver = hosts.get(to);
            if (receiver != null) {
                receiver.accept(from, message);
            }
        });
    }

    long sent() {
        return sent;
    }

    long dropped() {
        return dropped;
    }
}
