package dev.pegasus.client;

import dev.pegasus.protocol.thrift.bulk_load_item;
import dev.pegasus.protocol.thrift.bulk_load_state;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A bulk load the meta server knows of, finished or not, with the progress of each partition.
 *
 * @param root the directory the load reads, holding {@code bulk_load_info.json}
 * @param endTime empty while the load runs
 * @param recordCount records in the load's files, as the generator counted them
 * @param bytes the size of the load's files, before they are copied to each replica
 * @param partitions one per partition of the table, by index
 * @param error why the load failed, if it did
 */
public record BulkLoad(String loadId, String table, String root, BulkLoadStatus status, Instant startTime,
        Optional<Instant> endTime, int partitionCount, long recordCount, long bytes, List<BulkLoadPartition> partitions,
        Optional<String> error) {
    public BulkLoad {
        partitions = List.copyOf(partitions);
    }

    static BulkLoad from(bulk_load_item item) {
        bulk_load_state state = item.getState();
        return new BulkLoad(state.getLoad_id(), state.getApp_name(), state.getRoot(),
                BulkLoadStatus.from(state.getStatus()), Instant.ofEpochMilli(state.getStart_time_ms()),
                Wire.millisIfSet(state.getEnd_time_ms()), state.getPartition_count(), state.getRecord_count(),
                state.getBytes(), Wire.list(item.getProgress()).stream().map(BulkLoadPartition::from).toList(),
                Optional.ofNullable(state.getError()));
    }
}
