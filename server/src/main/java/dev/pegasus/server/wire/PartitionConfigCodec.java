package dev.pegasus.server.wire;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.partition_configuration;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Converts partition configurations between their Thrift form (wire, ZooKeeper) and the cores' form. */
public final class PartitionConfigCodec {
    private PartitionConfigCodec() {}

    public static PartitionConfig fromThrift(partition_configuration thrift) {
        Optional<RpcAddress> primary = thrift.getPrimary() == RpcAddress.INVALID ? Optional.empty()
                : Optional.of(RpcAddress.unpack(thrift.getPrimary()));
        return new PartitionConfig(thrift.getBallot(), primary, addresses(thrift.getSecondaries()),
                addresses(thrift.getLast_drops()));
    }

    public static partition_configuration toThrift(Gpid gpid, PartitionConfig config, int maxReplicaCount) {
        return new partition_configuration()
                .setPid(gpid.pack())
                .setBallot(config.ballot())
                .setMax_replica_count(maxReplicaCount)
                .setPrimary(config.primary().map(RpcAddress::pack).orElse(RpcAddress.INVALID))
                .setSecondaries(packed(config.secondaries()))
                .setLast_drops(packed(config.lastDrops()));
    }

    private static List<RpcAddress> addresses(List<Long> packed) {
        return packed == null ? List.of() : packed.stream().map(RpcAddress::unpack).toList();
    }

    private static List<Long> packed(List<RpcAddress> addresses) {
        return new ArrayList<>(addresses.stream().map(RpcAddress::pack).toList());
    }
}
