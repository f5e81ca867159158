package dev.pegasus.client;

import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.node_load;

/**
 * What one replica server carries, as the balancer counts it.
 *
 * @param node {@code host:port}
 * @param alive whether the meta server hears its beacons; a dead server still counts until its
 *              replicas are replaced elsewhere
 * @param draining whether it is being decommissioned, so that every replica moves away from it
 */
public record NodeLoad(String node, boolean alive, boolean draining, int primaries, int replicas) {
    static NodeLoad from(node_load load) {
        return new NodeLoad(RpcAddress.describe(load.getNode()), load.isAlive(), load.isDraining(),
                load.getPrimaries(), load.getReplicas());
    }
}
