package dev.pegasus.server.replica.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RocksDB resources shared by every partition of one process: one LRU block cache and one write
 * buffer manager, so that memory is bounded per server rather than per partition (a server hosts
 * hundreds of partitions), plus the table and column family settings every partition uses.
 *
 * <p>Close it after the partitions; partitions still open at that point are closed first, because
 * freeing the cache under a live RocksDB instance would crash the process.
 */
public final class StorageEnvironment implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StorageEnvironment.class);

    /**
     * SST format readers as old as RocksDB 6.x (Apache Pegasus 2.x) understand, so checkpoints and
     * bulk-load files can move between the two systems.
     */
    static final int TABLE_FORMAT_VERSION = 5;
    static final long SST_BYTES_PER_SYNC = 1L << 20;
    private static final long MIN_MEMTABLE_BYTES = 1L << 20;
    private static final long MAX_MEMTABLE_BYTES = 64L << 20;

    static {
        RocksDB.loadLibrary();
    }

    private final LRUCache blockCache;
    private final WriteBufferManager writeBufferManager;
    private final BloomFilter bloomFilter;
    private final long memtableBytes;
    private final Set<PartitionStore> openStores = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param blockCacheBytes capacity of the block cache shared by all partitions
     * @param writeBufferBytes memory all partitions' memtables may use together (charged to the cache)
     */
    public StorageEnvironment(long blockCacheBytes, long writeBufferBytes) {
        if (blockCacheBytes <= 0 || writeBufferBytes <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + blockCacheBytes + ", " + writeBufferBytes);
        }
        this.blockCache = new LRUCache(blockCacheBytes);
        this.writeBufferManager = new WriteBufferManager(writeBufferBytes, blockCache);
        this.bloomFilter = new BloomFilter(10, false);
        this.memtableBytes = Math.max(MIN_MEMTABLE_BYTES, Math.min(MAX_MEMTABLE_BYTES, writeBufferBytes / 8));
    }

    /**
     * Flushes and compactions hand their SST bytes to the disk every {@link #SST_BYTES_PER_SYNC} as they
     * write them: the replication log's fsyncs, on the same disk, then never wait behind the writeback
     * of a whole 64 MiB file.
     */
    DBOptions newDbOptions() {
        ensureOpen();
        return new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setWriteBufferManager(writeBufferManager)
                .setMaxBackgroundJobs(2)
                .setBytesPerSync(SST_BYTES_PER_SYNC)
                .setKeepLogFileNum(2)
                .setMaxLogFileSize(4L << 20);
    }

    /** Options of the column family holding records: bloom-filtered, LZ4-compressed, shared cache. */
    ColumnFamilyOptions newDataOptions() {
        ensureOpen();
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setFormatVersion(TABLE_FORMAT_VERSION)
                .setBlockCache(blockCache)
                .setFilterPolicy(bloomFilter)
                .setCacheIndexAndFilterBlocks(true)
                .setPinL0FilterAndIndexBlocksInCache(true);
        return new ColumnFamilyOptions()
                .setTableFormatConfig(table)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setWriteBufferSize(memtableBytes)
                .setMaxWriteBufferNumber(3)
                .setLevelCompactionDynamicLevelBytes(true);
    }

    /** Options of the small column family holding the decree and data version. */
    ColumnFamilyOptions newMetaOptions() {
        ensureOpen();
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setFormatVersion(TABLE_FORMAT_VERSION)
                .setBlockCache(blockCache);
        return new ColumnFamilyOptions()
                .setTableFormatConfig(table)
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setWriteBufferSize(MIN_MEMTABLE_BYTES);
    }

    void register(PartitionStore store) {
        ensureOpen();
        openStores.add(store);
    }

    void unregister(PartitionStore store) {
        openStores.remove(store);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("storage environment is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<PartitionStore> stillOpen = new ArrayList<>(openStores);
        if (!stillOpen.isEmpty()) {
            LOG.warn("closing {} partition stores left open before closing the storage environment", stillOpen.size());
            stillOpen.forEach(PartitionStore::close);
        }
        writeBufferManager.close();
        bloomFilter.close();
        blockCache.close();
    }
}
