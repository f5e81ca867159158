package dev.pegasus.server.replica.storage;

import java.util.Objects;

/**
 * A request turned into plain writes plus the answer to give once they are durable. The response
 * is only valid after {@link PartitionStore#apply} of the mutation; the caller fills in decree and
 * routing fields.
 */
public record Prepared<R>(Mutation mutation, R response) {
    public Prepared {
        Objects.requireNonNull(mutation, "mutation");
        Objects.requireNonNull(response, "response");
    }
}
