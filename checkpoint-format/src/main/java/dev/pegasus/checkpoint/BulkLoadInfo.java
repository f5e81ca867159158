package dev.pegasus.checkpoint;

/**
 * {@code bulk_load_info.json}: what a bulk load directory holds. Written after every partition's
 * files and metadata, so its presence marks a complete generation.
 *
 * @param tableName the table the files were generated for
 * @param partitionCount the partition count rows were hashed with: ingestion refuses a table with another
 * @param createdMs when the generation finished, ms since the Unix epoch
 */
public record BulkLoadInfo(int formatVersion, String tableName, int partitionCount, long recordCount, long totalBytes,
        long createdMs) {
}
