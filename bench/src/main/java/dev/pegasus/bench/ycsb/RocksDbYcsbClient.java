package dev.pegasus.bench.ycsb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;
import site.ycsb.DBException;

/**
 * YCSB on raw RocksDB in this process: the floor under any replicated store on the same disk. One
 * DB in a fresh directory ({@code rocksdb.dir}, default a temp dir) shared by all YCSB threads;
 * {@code rocksdb.sync=true} fsyncs the WAL on every write, as the durable rows of the others do.
 * Keys are ordered, so it also runs workload E (scan).
 */
public final class RocksDbYcsbClient extends PackedRecordDb {
    private static RocksDB db;
    private static Options options;
    private static WriteOptions writeOptions;
    private static int users;

    @Override
    public void init() throws DBException {
        synchronized (RocksDbYcsbClient.class) {
            try {
                if (db == null) {
                    RocksDB.loadLibrary();
                    String dir = property("rocksdb.dir", "");
                    Path path = dir.isEmpty() ? Files.createTempDirectory("ycsb-rocksdb") : Path.of(dir);
                    Files.createDirectories(path);
                    options = new Options().setCreateIfMissing(true);
                    writeOptions = new WriteOptions().setSync(Boolean.parseBoolean(property("rocksdb.sync", "true")));
                    db = RocksDB.open(options, path.toString());
                }
                users++;
            } catch (Exception e) {
                throw setupFailed("rocksdb", e);
            }
        }
    }

    @Override
    public void cleanup() {
        synchronized (RocksDbYcsbClient.class) {
            if (--users == 0) {
                db.close();
                writeOptions.close();
                options.close();
                db = null;
            }
        }
    }

    @Override
    protected byte[] get(byte[] key) throws Exception {
        return db.get(key);
    }

    @Override
    protected void put(byte[] key, byte[] value) throws Exception {
        db.put(writeOptions, key, value);
    }

    @Override
    protected void delete(byte[] key) throws Exception {
        db.delete(writeOptions, key);
    }

    @Override
    protected Optional<Iterable<byte[]>> scanValues(byte[] startKey, int count) {
        List<byte[]> values = new ArrayList<>(count);
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(startKey); it.isValid() && values.size() < count; it.next()) {
                values.add(it.value());
            }
        }
        return Optional.of(values);
    }
}
