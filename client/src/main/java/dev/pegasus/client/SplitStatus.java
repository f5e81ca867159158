package dev.pegasus.client;

import dev.pegasus.protocol.thrift.query_split_response;
import java.util.Optional;

/**
 * Where a table's partition split stands.
 *
 * @param state empty when no split is under way (any earlier one has ended)
 * @param partitionCount the table's partition count as the meta server has it now
 * @param oldPartitionCount the count the split started from; 0 when none is under way
 * @param childrenRegistered children the meta server has registered so far, of {@code oldPartitionCount}
 * @param hint the meta server's one-line account of the above, for people
 */
public record SplitStatus(Optional<SplitState> state, int partitionCount, int oldPartitionCount,
        int childrenRegistered, String hint) {
    /** Whether a split is under way (running, paused or being cancelled); false once it has ended or none ran. */
    public boolean splitting() {
        return state.isPresent();
    }

    static SplitStatus from(query_split_response response) {
        Optional<SplitState> state = response.isSplitting() ? Optional.of(SplitState.from(response.getTable_status()))
                : Optional.empty();
        return new SplitStatus(state, response.getPartition_count(), response.getOld_partition_count(),
                response.getRegistered(), response.getHint_message());
    }
}
