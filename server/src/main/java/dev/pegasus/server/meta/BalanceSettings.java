package dev.pegasus.server.meta;

import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.balance_settings;
import dev.pegasus.protocol.thrift.meta_level;
import java.util.ArrayList;
import java.util.Set;
import java.util.TreeSet;

/**
 * The balancer's level and the nodes being drained, stored in ZooKeeper before they take effect so a
 * new leader carries on with them. Changed on the DDL thread; read from any thread.
 */
final class BalanceSettings {
    private final MetaStateStore store;
    private volatile meta_level level = meta_level.ML_LIVELY;
    private volatile Set<RpcAddress> draining = Set.of();

    BalanceSettings(MetaStateStore store) {
        this.store = store;
    }

    void load() throws Exception {
        balance_settings stored = store.loadBalanceSettings();
        level = stored.getLevel() == null || stored.getLevel() == meta_level.ML_INVALID ? meta_level.ML_LIVELY
                : stored.getLevel();
        Set<RpcAddress> nodes = new TreeSet<>();
        if (stored.getDraining() != null) {
            stored.getDraining().forEach(packed -> nodes.add(RpcAddress.unpack(packed)));
        }
        draining = Set.copyOf(nodes);
    }

    meta_level level() {
        return level;
    }

    boolean lively() {
        return level == meta_level.ML_LIVELY;
    }

    Set<RpcAddress> draining() {
        return draining;
    }

    boolean isDraining(RpcAddress node) {
        return draining.contains(node);
    }

    void setLevel(meta_level next) throws Exception {
        save(next, draining);
        level = next;
    }

    /** Starts or stops draining the node. */
    void setDraining(RpcAddress node, boolean drain) throws Exception {
        Set<RpcAddress> next = new TreeSet<>(draining);
        if (drain ? next.add(node) : next.remove(node)) {
            save(level, next);
            draining = Set.copyOf(next);
        }
    }

    private void save(meta_level nextLevel, Set<RpcAddress> nextDraining) throws Exception {
        store.saveBalanceSettings(new balance_settings().setLevel(nextLevel)
                .setDraining(new ArrayList<>(nextDraining.stream().map(RpcAddress::pack).toList())));
    }
}
