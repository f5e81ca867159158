package dev.pegasus.client;

import dev.pegasus.protocol.thrift.meta_function_level;

/**
 * How freely the meta server moves replicas. Failed replicas are replaced at either level, and
 * decommissioned replica servers are drained at either level.
 */
public enum MetaLevel {
    /** Only copies already under way are finished: for maintenance, when moves would get in the way. */
    STEADY(meta_function_level.fl_steady),
    /** The balancer evens out primaries and replicas across replica servers on its own; the default. */
    LIVELY(meta_function_level.fl_lively);

    private final meta_function_level wire;

    MetaLevel(meta_function_level wire) {
        this.wire = wire;
    }

    meta_function_level wire() {
        return wire;
    }

    static MetaLevel from(meta_function_level wire) {
        return Wire.fromWire(MetaLevel.class, MetaLevel::wire, wire, "meta level");
    }
}
