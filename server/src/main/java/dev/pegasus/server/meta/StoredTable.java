package dev.pegasus.server.meta;

import dev.pegasus.protocol.thrift.app_info;
import dev.pegasus.protocol.thrift.partition_configuration;
import java.util.List;

/** A table as the meta server stores it: its description and one configuration per partition. */
public record StoredTable(app_info info, List<partition_configuration> partitions) {
    public int appId() {
        return info.getApp_id();
    }

    public String name() {
        return info.getApp_name();
    }
}
