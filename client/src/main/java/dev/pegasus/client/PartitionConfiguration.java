package dev.pegasus.client;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import java.util.List;
import java.util.Optional;

/**
 * One partition's replica set as the meta server last recorded it, and whether it serves so.
 *
 * @param primary {@code host:port} of the primary, or {@code "-"} when it has none
 * @param secondaries {@code host:port} of each secondary
 * @param problem empty when the primary and every secondary report serving at this ballot with the
 *                table's full replica count; otherwise why not (waiting for members, a member inactive
 *                since a restart, a learner catching up)
 */
public record PartitionConfiguration(int index, long ballot, String primary, List<String> secondaries,
        long lastCommittedDecree, Optional<String> problem) {
    public PartitionConfiguration {
        secondaries = List.copyOf(secondaries);
    }

    public boolean healthy() {
        return problem.isEmpty();
    }

    /** @param problem as the meta server reported it, empty for a healthy partition */
    static PartitionConfiguration from(dev.pegasus.protocol.thrift.partition_configuration config, String problem) {
        List<String> secondaries = config.getSecondaries() == null ? List.of()
                : config.getSecondaries().stream().map(RpcAddress::describe).toList();
        return new PartitionConfiguration(Gpid.unpack(config.getPid()).partitionIndex(), config.getBallot(),
                RpcAddress.describe(config.getPrimary()), secondaries, config.getLast_committed_decree(),
                problem == null || problem.isEmpty() ? Optional.empty() : Optional.of(problem));
    }
}
