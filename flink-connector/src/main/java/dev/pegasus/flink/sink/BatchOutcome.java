package dev.pegasus.flink.sink;

import java.util.List;
import java.util.Optional;

/**
 * What became of a batch: the records acknowledged, and those not written because a request failed,
 * in the order they must be retried in, with the first error seen.
 */
record BatchOutcome(List<PendingWrite> written, List<PendingWrite> unwritten, Optional<Throwable> error) {
    static BatchOutcome allWritten(List<PendingWrite> written) {
        return new BatchOutcome(written, List.of(), Optional.empty());
    }
}
