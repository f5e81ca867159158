package dev.pegasus.client;

import dev.pegasus.protocol.thrift.filter_type;

/** How a key filter pattern is matched against a hash key or sort key (byte-wise). */
public enum FilterType {
    NO_FILTER(filter_type.FT_NO_FILTER),
    MATCH_ANYWHERE(filter_type.FT_MATCH_ANYWHERE),
    MATCH_PREFIX(filter_type.FT_MATCH_PREFIX),
    MATCH_POSTFIX(filter_type.FT_MATCH_POSTFIX);

    private final filter_type wire;

    FilterType(filter_type wire) {
        this.wire = wire;
    }

    filter_type wire() {
        return wire;
    }
}
