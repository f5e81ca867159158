package dev.pegasus.client;

import dev.pegasus.protocol.thrift.decommission_response;

/**
 * How far a replica server is from carrying nothing, so that it can be stopped without losing a replica.
 *
 * @param draining whether replicas are moving away from it; false once draining was cancelled (or never began)
 * @param replicasLeft replicas it still carries, primaries included
 * @param primariesLeft how many of those are primaries
 * @param removable draining and empty: stopping the server now loses nothing
 * @param hint the meta server's one-line account of the above, for people
 */
public record DecommissionStatus(boolean draining, int replicasLeft, int primariesLeft, boolean removable,
        String hint) {
    static DecommissionStatus from(decommission_response response) {
        return new DecommissionStatus(response.isDraining(), response.getReplicas_left(), response.getPrimaries_left(),
                response.isRemovable(), response.getHint_message());
    }
}
