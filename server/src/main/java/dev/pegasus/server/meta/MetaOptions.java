package dev.pegasus.server.meta;

import java.time.Duration;

/**
 * Settings of a meta server, with their defaults in one place.
 *
 * @param zookeeper        ZooKeeper connect string
 * @param clusterName      names the ZooKeeper subtree {@code /pegasus/<clusterName>} holding the state
 * @param nodeTimeout      a replica server that has not synced for this long is reported dead
 * @param holdDroppedTable how long a dropped table's data is kept so it can be recalled
 * @param createWait       how long create_app waits for every new partition to be served
 */
public record MetaOptions(String host, int port, String zookeeper, String clusterName, Duration nodeTimeout,
        Duration holdDroppedTable, Duration createWait) {
    public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_HOLD_DROPPED_TABLE = Duration.ofDays(7);
    public static final Duration DEFAULT_CREATE_WAIT = Duration.ofSeconds(30);

    public static MetaOptions of(String host, int port, String zookeeper, String clusterName) {
        return new MetaOptions(host, port, zookeeper, clusterName, DEFAULT_NODE_TIMEOUT, DEFAULT_HOLD_DROPPED_TABLE,
                DEFAULT_CREATE_WAIT);
    }

    public MetaOptions withNodeTimeout(Duration timeout) {
        return new MetaOptions(host, port, zookeeper, clusterName, timeout, holdDroppedTable, createWait);
    }

    public MetaOptions withCreateWait(Duration wait) {
        return new MetaOptions(host, port, zookeeper, clusterName, nodeTimeout, holdDroppedTable, wait);
    }

    public String zookeeperRoot() {
        return "/pegasus/" + clusterName;
    }
}
