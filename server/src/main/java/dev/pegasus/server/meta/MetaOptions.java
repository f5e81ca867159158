package dev.pegasus.server.meta;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * Settings of a meta server, with their defaults in one place.
 *
 * @param zookeeper        ZooKeeper connect string
 * @param clusterName      names the ZooKeeper subtree {@code /pegasus/<clusterName>} holding the state
 * @param guardian         leases, failure detection and the repair of partitions
 * @param holdDroppedTable how long a dropped table's data is kept so it can be recalled
 * @param createWait       how long create_app waits for every partition to be served; shorter than a
 *                         client's share of its DDL timeout per meta server (60 s over 3), so the client
 *                         hears which partitions do not serve, and why, instead of timing out
 * @param zookeeperSessionTimeout the ZooKeeper session timeout: how long a crashed leader keeps its
 *                         leadership before another meta server takes over, so it bounds the hand-over time
 * @param balancer         how primaries and replicas are evened out over the replica servers
 * @param duplication      this cluster's id and the remote clusters its tables may be duplicated to
 */
public record MetaOptions(String host, int port, String zookeeper, String clusterName, GuardianOptions guardian,
        Duration holdDroppedTable, Duration createWait, Duration zookeeperSessionTimeout, BalancerOptions balancer,
        DuplicationOptions duplication) {
    public static final Duration DEFAULT_HOLD_DROPPED_TABLE = Duration.ofDays(7);
    public static final Duration DEFAULT_CREATE_WAIT = Duration.ofSeconds(15);
    /**
     * Short enough that a crashed leader is replaced within seconds, long enough to ride out a GC pause
     * of a small heap; the ZooKeeper server clamps it to between 2 and 20 of its ticks.
     */
    public static final Duration DEFAULT_ZOOKEEPER_SESSION_TIMEOUT = Duration.ofSeconds(5);

    public static MetaOptions of(String host, int port, String zookeeper, String clusterName) {
        return new MetaOptions(host, port, zookeeper, clusterName, GuardianOptions.DEFAULT, DEFAULT_HOLD_DROPPED_TABLE,
                DEFAULT_CREATE_WAIT, DEFAULT_ZOOKEEPER_SESSION_TIMEOUT, BalancerOptions.DEFAULT, DuplicationOptions.DEFAULT);
    }

    public MetaOptions withGuardian(UnaryOperator<GuardianOptions> change) {
        return new MetaOptions(host, port, zookeeper, clusterName, change.apply(guardian), holdDroppedTable, createWait,
                zookeeperSessionTimeout, balancer, duplication);
    }

    public MetaOptions withCreateWait(Duration wait) {
        return new MetaOptions(host, port, zookeeper, clusterName, guardian, holdDroppedTable, wait,
                zookeeperSessionTimeout, balancer, duplication);
    }

    public MetaOptions withZookeeperSessionTimeout(Duration timeout) {
        return new MetaOptions(host, port, zookeeper, clusterName, guardian, holdDroppedTable, createWait, timeout,
                balancer, duplication);
    }

    public MetaOptions withBalancer(UnaryOperator<BalancerOptions> change) {
        return new MetaOptions(host, port, zookeeper, clusterName, guardian, holdDroppedTable, createWait,
                zookeeperSessionTimeout, change.apply(balancer), duplication);
    }

    public MetaOptions withDuplication(DuplicationOptions options) {
        return new MetaOptions(host, port, zookeeper, clusterName, guardian, holdDroppedTable, createWait,
                zookeeperSessionTimeout, balancer, options);
    }

    /** How often the leader settles backup reports and runs backup policies. */
    public Duration backupRound() {
        return Duration.ofSeconds(1);
    }

    /**
     * How often the leader settles bulk load reports: a load waits for a round at each step (downloaded,
     * ingested), and a round that finds nothing new writes nothing.
     */
    public Duration bulkLoadRound() {
        return Duration.ofMillis(250);
    }

    /** How often the leader stores the progress the duplicating primaries reported. */
    public Duration duplicationRound() {
        return Duration.ofSeconds(1);
    }

    public String zookeeperRoot() {
        return "/pegasus/" + clusterName;
    }

    /** Where the meta servers elect their leader. */
    public String leaderLatchPath() {
        return zookeeperRoot() + "/meta_leader";
    }
}
