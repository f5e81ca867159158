package dev.pegasus.server.replica.storage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/** Every record a store physically holds, for tests that compare two stores or a store with a model. */
public final class StoreContents {
    private StoreContents() {}

    /** Storage key to full stored value, both as text: for small stores whose keys and values are text. */
    public static Map<String, String> asText(PartitionStore store) {
        Map<String, String> records = new TreeMap<>();
        forEach(store, (key, value) -> records.put(StoreTestSupport.text(key), StoreTestSupport.text(value)));
        return records;
    }

    /** Record count and SHA-256 over every (key, stored value) in key order: equal for equal stores. */
    public static String fingerprint(PartitionStore store) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        long[] count = {0};
        forEach(store, (key, value) -> {
            sha.update(ByteBuffer.allocate(8).putInt(key.length).putInt(value.length).array());
            sha.update(key);
            sha.update(value);
            count[0]++;
        });
        return count[0] + " records, sha256 " + HexFormat.of().formatHex(sha.digest());
    }

    private static void forEach(PartitionStore store, BiConsumer<byte[], byte[]> visitor) {
        store.withRange(KeyRange.ALL, false, it -> {
            for (; it.valid(); it.next()) {
                visitor.accept(it.key(), it.storedValue());
            }
            return null;
        });
    }
}
