package dev.pegasus.protocol;

/**
 * The hash that places a record in a partition, identical to Apache Pegasus's: CRC-64 with the
 * reflected polynomial {@code 0x9A6C9329AC4BC9B5} (CRC-64/NVME parameters: initial value all ones,
 * final complement), over the hash key, or over the sort key when the hash key is empty.
 */
public final class PartitionHash {
    private static final long REFLECTED_POLYNOMIAL = 0x9A6C9329AC4BC9B5L;
    private static final long[] TABLE = buildTable();

    private PartitionHash() {}

    private static long[] buildTable() {
        long[] table = new long[256];
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ REFLECTED_POLYNOMIAL : crc >>> 1;
            }
            table[i] = crc;
        }
        return table;
    }

    public static long crc64(byte[] data, int offset, int length) {
        long crc = -1L;
        for (int i = offset, end = offset + length; i < end; i++) {
            crc = TABLE[(int) ((crc ^ data[i]) & 0xFF)] ^ (crc >>> 8);
        }
        return ~crc;
    }

    public static long crc64(byte[] data) {
        return crc64(data, 0, data.length);
    }

    /** Hash of a record given as user keys. */
    public static long of(byte[] hashKey, byte[] sortKey) {
        return hashKey.length > 0 ? crc64(hashKey) : crc64(sortKey);
    }

    /** Hash of a record given as a storage key ({@link KeySchema}). */
    public static long ofStorageKey(byte[] storageKey) {
        int hashKeyLength = KeySchema.hashKeyLength(storageKey);
        if (hashKeyLength > 0) {
            return crc64(storageKey, 2, hashKeyLength);
        }
        return crc64(storageKey, 2, storageKey.length - 2);
    }

    /** The partition of a hash: the hash as an unsigned 64-bit number modulo the partition count. */
    public static int partitionIndex(long hash, int partitionCount) {
        return (int) Long.remainderUnsigned(hash, partitionCount);
    }
}
