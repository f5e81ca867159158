package dev.pegasus.bench.ycsb;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Vector;
import site.ycsb.ByteArrayByteIterator;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;

/**
 * The one YCSB mapping shared by every system: a record is one key holding all its fields packed
 * into one value ({@code [len][name][len][bytes]...}). Every store then does the same work per
 * operation (one get, one put or one delete of the same bytes), so the systems differ only in how
 * they store and replicate that value. Subclasses supply the three byte operations, and a range
 * scan only where the store keeps keys ordered.
 */
public abstract class PackedRecordDb extends DB {
    /** Returns the value stored under {@code key}, or null if absent. */
    protected abstract byte[] get(byte[] key) throws Exception;

    protected abstract void put(byte[] key, byte[] value) throws Exception;

    protected abstract void delete(byte[] key) throws Exception;

    /**
     * Values of up to {@code count} keys from {@code startKey} on, in key order; empty for stores whose
     * keys have no order to scan (hash-partitioned ones), which YCSB then reports as not supported.
     */
    protected Optional<Iterable<byte[]>> scanValues(byte[] startKey, int count) throws Exception {
        return Optional.empty();
    }

    @Override
    public Status read(String table, String key, Set<String> fields, Map<String, ByteIterator> result) {
        try {
            byte[] value = get(bytes(key));
            if (value == null) {
                return Status.NOT_FOUND;
            }
            unpack(value, fields, result);
            return Status.OK;
        } catch (Exception e) {
            return Status.ERROR;
        }
    }

    @Override
    public Status scan(String table, String startKey, int count, Set<String> fields,
                       Vector<HashMap<String, ByteIterator>> result) {
        try {
            Optional<Iterable<byte[]>> values = scanValues(bytes(startKey), count);
            if (values.isEmpty()) {
                return Status.NOT_IMPLEMENTED;
            }
            for (byte[] value : values.get()) {
                HashMap<String, ByteIterator> row = new HashMap<>();
                unpack(value, fields, row);
                result.add(row);
            }
            return Status.OK;
        } catch (Exception e) {
            return Status.ERROR;
        }
    }

    /** Workloads set writeallfields=true, so an update carries every field and is one put; otherwise merge. */
    @Override
    public Status update(String table, String key, Map<String, ByteIterator> values) {
        try {
            int fieldCount = Integer.parseInt(getProperties().getProperty("fieldcount", "10"));
            Map<String, ByteIterator> merged = new HashMap<>();
            if (values.size() < fieldCount) {
                byte[] old = get(bytes(key));
                if (old == null) {
                    return Status.NOT_FOUND;
                }
                unpack(old, null, merged);
            }
            merged.putAll(values);
            put(bytes(key), pack(merged));
            return Status.OK;
        } catch (Exception e) {
            return Status.ERROR;
        }
    }

    @Override
    public Status insert(String table, String key, Map<String, ByteIterator> values) {
        try {
            put(bytes(key), pack(values));
            return Status.OK;
        } catch (Exception e) {
            return Status.ERROR;
        }
    }

    @Override
    public Status delete(String table, String key) {
        try {
            delete(bytes(key));
            return Status.OK;
        } catch (Exception e) {
            return Status.ERROR;
        }
    }

    /** Property value, or the default; reads the YCSB -p properties. */
    protected String property(String name, String defaultValue) {
        return getProperties().getProperty(name, defaultValue);
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] pack(Map<String, ByteIterator> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, ByteIterator> e : values.entrySet()) {
            writeChunk(out, bytes(e.getKey()));
            writeChunk(out, e.getValue().toArray());
        }
        return out.toByteArray();
    }

    static void unpack(byte[] packed, Set<String> fields, Map<String, ByteIterator> result) {
        ByteBuffer in = ByteBuffer.wrap(packed);
        while (in.hasRemaining()) {
            String name = new String(readChunk(in), StandardCharsets.UTF_8);
            byte[] value = readChunk(in);
            if (fields == null || fields.contains(name)) {
                result.put(name, new ByteArrayByteIterator(value));
            }
        }
    }

    private static void writeChunk(ByteArrayOutputStream out, byte[] chunk) {
        out.write(ByteBuffer.allocate(4).putInt(chunk.length).array(), 0, 4);
        out.write(chunk, 0, chunk.length);
    }

    private static byte[] readChunk(ByteBuffer in) {
        byte[] chunk = new byte[in.getInt()];
        in.get(chunk);
        return chunk;
    }

    /** Wraps a setup failure for YCSB. */
    protected static DBException setupFailed(String what, Exception cause) {
        return new DBException(what + ": " + cause, cause);
    }
}
