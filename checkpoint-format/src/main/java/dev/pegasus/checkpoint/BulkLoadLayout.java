package dev.pegasus.checkpoint;

/**
 * Where the files of a bulk load are under its directory (the generator's {@code --out}); see
 * bulkload/FORMAT.md.
 *
 * <pre>
 * DIR/bulk_load_info.json                 table name, partition count, totals; written last
 * DIR/INDEX/bulk_load_metadata.json       a partition's files in ingestion order, with sizes and checksums
 * DIR/INDEX/INDEX-SEQ.sst                 the partition's SST files (possibly none)
 * </pre>
 */
public final class BulkLoadLayout {
    public static final int FORMAT_VERSION = 1;
    public static final String INFO = "bulk_load_info.json";
    public static final String PARTITION_METADATA = "bulk_load_metadata.json";

    private BulkLoadLayout() {
    }

    public static String partitionDir(int index) {
        return Integer.toString(index);
    }

    public static String partitionMetadata(int index) {
        return partitionDir(index) + "/" + PARTITION_METADATA;
    }

    public static String file(int index, String name) {
        return partitionDir(index) + "/" + name;
    }

    /** The name of a partition's {@code sequence}-th SST file; names sort in ingestion order. */
    public static String sstName(int index, int sequence) {
        return String.format("%d-%06d.sst", index, sequence);
    }
}
