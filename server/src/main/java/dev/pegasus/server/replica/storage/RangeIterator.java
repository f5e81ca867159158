package dev.pegasus.server.replica.storage;

import dev.pegasus.protocol.ValueSchema;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * A RocksDB iterator confined to one {@link KeyRange}, forwards or backwards: the one place that
 * knows how to position, bound and step an iterator and how to skip expired or filtered records.
 * Every range read (multi_get, sortkey_count, scans, the expiry sweep) goes through it.
 *
 * <p>It reads a record's header without copying the whole value, so counting and key-only reads do
 * not pay for large values. Not thread-safe; close it to release the native iterator (which pins the
 * memtables and files it reads, giving the implicit snapshot scans rely on).
 */
final class RangeIterator implements AutoCloseable {
    private final KeyRange range;
    private final boolean reverse;
    private final ReadOptions readOptions;
    private final Slice lowerBound;
    private final Slice upperBound;
    private final RocksIterator iterator;
    private final ByteBuffer header = ByteBuffer.allocateDirect(ValueSchema.HEADER_LENGTH);
    /** Invariant: null unless {@code valid()}; the key under the iterator, fetched at most once per position. */
    private byte[] currentKey;
    /** How many times the iterator has moved, the unit of the skip budgets of {@link #seekLive}. */
    private long steps;

    private RangeIterator(RocksDB db, ColumnFamilyHandle cf, KeyRange range, boolean reverse) {
        this.range = range;
        this.reverse = reverse;
        this.readOptions = new ReadOptions();
        this.lowerBound = range.lower().length == 0 ? null : new Slice(range.lower());
        this.upperBound = range.upper() == null ? null : new Slice(range.upper());
        if (lowerBound != null) {
            readOptions.setIterateLowerBound(lowerBound);
        }
        if (upperBound != null) {
            readOptions.setIterateUpperBound(upperBound);
        }
        this.iterator = db.newIterator(cf, readOptions);
    }

    /** An iterator positioned on the first record of the range in the chosen direction. */
    static RangeIterator open(RocksDB db, ColumnFamilyHandle cf, KeyRange range, boolean reverse) {
        RangeIterator it = new RangeIterator(db, cf, range, reverse);
        try {
            it.seekStart();
        } catch (RuntimeException e) {
            it.close();
            throw e;
        }
        return it;
    }

    private void seekStart() {
        if (range.isEmpty()) {
            currentKey = null;
            return;
        }
        if (!reverse) {
            iterator.seek(range.lower());
        } else if (range.upper() == null) {
            iterator.seekToLast();
        } else {
            iterator.seekForPrev(range.upper());
            if (iterator.isValid() && Arrays.equals(iterator.key(), range.upper())) {
                iterator.prev();
            }
        }
        settle();
    }

    /** Whether the iterator is on a record inside the range. */
    boolean valid() {
        return currentKey != null;
    }

    byte[] key() {
        requireValid();
        return currentKey;
    }

    /** The full stored value (header included). */
    byte[] storedValue() {
        requireValid();
        return iterator.value();
    }

    byte[] userValue() {
        return ValueSchema.userValue(storedValue());
    }

    /** expire_ts of the current record, read without copying the value. */
    int expireTs() {
        return readHeader().getInt(0);
    }

    /** The timetag of the current record, read without copying the value. */
    long timetag() {
        return readHeader().getLong(Integer.BYTES);
    }

    private ByteBuffer readHeader() {
        requireValid();
        header.clear();
        int length = iterator.value(header);
        if (length < ValueSchema.HEADER_LENGTH) {
            throw new StorageException("record of " + length + " bytes has no value header");
        }
        return header;
    }

    boolean isExpired(int nowEpochSeconds) {
        return ValueSchema.isExpired(expireTs(), nowEpochSeconds);
    }

    void next() {
        requireValid();
        if (reverse) {
            iterator.prev();
        } else {
            iterator.next();
        }
        steps++;
        settle();
    }

    /** How many times {@link #next()} has moved the iterator so far. */
    long steps() {
        return steps;
    }

    /**
     * Moves forward (from the current record included) to the first record that passes the filter
     * and is not expired, but not beyond the point where {@link #steps()} reaches {@code stepLimit}:
     * this bounds the work one request spends on records it skips.
     *
     * @return true when positioned on such a record; false when the range is exhausted ({@link
     *     #valid()} is false) or the step limit was reached first ({@link #valid()} is still true)
     */
    boolean seekLive(KeyFilter filter, int nowEpochSeconds, long stepLimit) {
        while (valid()) {
            if (filter.test(currentKey) && !isExpired(nowEpochSeconds)) {
                return true;
            }
            if (steps >= stepLimit) {
                return false;
            }
            next();
        }
        return false;
    }

    private void settle() {
        if (!iterator.isValid()) {
            currentKey = null;
            checkStatus();
            return;
        }
        byte[] key = iterator.key();
        boolean inside = reverse ? range.isAtOrAboveLower(key) : range.isBelowUpper(key);
        currentKey = inside ? key : null;
    }

    private void checkStatus() {
        try {
            iterator.status();
        } catch (RocksDBException e) {
            throw new StorageException("iterating over RocksDB failed", e);
        }
    }

    private void requireValid() {
        if (currentKey == null) {
            throw new IllegalStateException("iterator is not on a record");
        }
    }

    @Override
    public void close() {
        iterator.close();
        readOptions.close();
        if (lowerBound != null) {
            lowerBound.close();
        }
        if (upperBound != null) {
            upperBound.close();
        }
    }
}
