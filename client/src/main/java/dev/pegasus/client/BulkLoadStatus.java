package dev.pegasus.client;

import dev.pegasus.protocol.thrift.bulk_load_status;

/** The state of a bulk load, and of each of its partitions. */
public enum BulkLoadStatus {
    /** Replicas are downloading and checking the files. */
    DOWNLOADING(bulk_load_status.BLS_DOWNLOADING),
    /** Every replica of the partition holds its files, checked. */
    DOWNLOADED(bulk_load_status.BLS_DOWNLOADED),
    /** The primary places the ingestion at a decree and every replica ingests there; it can no longer be cancelled. */
    INGESTING(bulk_load_status.BLS_INGESTING),
    SUCCEEDED(bulk_load_status.BLS_SUCCEEDED),
    FAILED(bulk_load_status.BLS_FAILED),
    /** No transfers; files already downloaded are kept for a resume. */
    PAUSED(bulk_load_status.BLS_PAUSED),
    /** Ended before ingesting: the table's data is unchanged. */
    CANCELED(bulk_load_status.BLS_CANCELED);

    private final bulk_load_status wire;

    BulkLoadStatus(bulk_load_status wire) {
        this.wire = wire;
    }

    bulk_load_status wire() {
        return wire;
    }

    static BulkLoadStatus from(bulk_load_status wire) {
        return Wire.fromWire(BulkLoadStatus.class, BulkLoadStatus::wire, wire, "bulk load status");
    }
}
