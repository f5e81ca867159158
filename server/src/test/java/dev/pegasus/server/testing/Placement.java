package dev.pegasus.server.testing;

import dev.pegasus.client.PartitionConfiguration;
import dev.pegasus.client.PegasusClient;
import java.util.function.Predicate;

/** Where a table's replicas are, as the meta server says now. */
public final class Placement {
    private Placement() {}

    /** How many partitions of the table the node is primary of. */
    public static long primaries(PegasusClient client, String table, String node) {
        return count(client, table, partition -> node.equals(partition.primary()));
    }

    /** How many partitions of the table the node is a member of, as primary or secondary. */
    public static long memberships(PegasusClient client, String table, String node) {
        return count(client, table, partition -> node.equals(partition.primary())
                || partition.secondaries().contains(node));
    }

    private static long count(PegasusClient client, String table, Predicate<PartitionConfiguration> which) {
        return client.admin().queryConfig(table).partitions().stream().filter(which).count();
    }
}
