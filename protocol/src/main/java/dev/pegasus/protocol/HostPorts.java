package dev.pegasus.protocol;

import dev.pegasus.protocol.thrift.host_port;
import dev.pegasus.protocol.thrift.partition_configuration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code hp_*} fields of Apache Pegasus, members by host and port, filled from the packed
 * addresses for the clients that read them instead.
 */
public final class HostPorts {
    private HostPorts() {}

    /** The host and port of a packed address; the invalid address has an empty host and port 0. */
    public static host_port of(long packed) {
        if (packed == RpcAddress.INVALID) {
            return new host_port();
        }
        RpcAddress address = RpcAddress.unpack(packed);
        return new host_port(address.host(), address.port());
    }

    /** Sets the host-and-port members of a configuration sent to a client from its packed members. */
    public static partition_configuration addTo(partition_configuration config) {
        config.setHp_primary(of(config.getPrimary()));
        config.setHp_secondaries(of(config.getSecondaries()));
        config.setHp_last_drops(of(config.getLast_drops()));
        return config;
    }

    private static List<host_port> of(List<Long> packed) {
        List<host_port> hostPorts = new ArrayList<>();
        if (packed != null) {
            packed.forEach(address -> hostPorts.add(of(address)));
        }
        return hostPorts;
    }
}
