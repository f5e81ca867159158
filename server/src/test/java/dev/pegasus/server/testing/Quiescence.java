package dev.pegasus.server.testing;

import dev.pegasus.client.PartitionConfiguration;
import dev.pegasus.client.PegasusAdmin;
import dev.pegasus.client.PegasusException;
import dev.pegasus.client.TableInfo;
import java.time.Duration;

/**
 * Waits until a cluster has settled after a fault: every partition of every table healthy, no replica
 * copy under way and nothing left for the balancer to do. A test that counts non-idempotent writes
 * (increments) starts only then: a primary hand-over fails the writes in flight with an unknown outcome,
 * and a sink retrying them counts twice, as documented.
 */
public final class Quiescence {
    private Quiescence() {}

    public static void await(PegasusAdmin admin, Duration timeout) {
        Await.until("every partition healthy and the balancer idle", timeout, () -> {
            try {
                for (TableInfo table : admin.listTables(false)) {
                    if (!admin.queryConfig(table.name()).partitions().stream().allMatch(PartitionConfiguration::healthy)) {
                        return false;
                    }
                }
                var plan = admin.balancePlan();
                return plan.nextSteps().isEmpty() && plan.movesUnderWay().isEmpty();
            } catch (PegasusException e) {
                return false;
            }
        });
    }
}
