package dev.pegasus.server.replica.storage;

import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.ValueSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A real RocksDB partition in a temporary directory with a fake clock, opened fresh for every test. */
abstract class StoreTestSupport {
    @TempDir
    Path tempDir;

    final FakeClock clock = new FakeClock();
    StorageEnvironment env;
    PartitionStore store;
    private long decree;

    @BeforeEach
    void openStore() {
        env = new StorageEnvironment(8L << 20, 8L << 20);
        store = PartitionStore.open(tempDir.resolve("partition"), env, false, clock);
        decree = store.lastAppliedDecree();
    }

    @AfterEach
    void closeStore() {
        store.close();
        env.close();
    }

    void reopen() {
        store.close();
        store = PartitionStore.open(tempDir.resolve("partition"), env, false, clock);
    }

    /** Applies a mutation at the next decree. */
    void apply(Mutation mutation) {
        store.apply(++decree, mutation);
    }

    /** Applies a prepared request and returns its response. */
    <R> R commit(Prepared<R> prepared) {
        apply(prepared.mutation());
        return prepared.response();
    }

    /** Writes a record directly, bypassing the executor. expireTs: seconds since 2016, 0 for none. */
    void putRecord(String hashKey, String sortKey, String value, int expireTs) {
        apply(Mutation.of(WriteOp.put(key(hashKey, sortKey), ValueSchema.encode(expireTs, 0, bytes(value)))));
    }

    void putRecord(String hashKey, String sortKey, String value) {
        putRecord(hashKey, sortKey, value, 0);
    }

    /** expire_ts that is {@code seconds} from the fake clock's now. */
    int expireIn(int seconds) {
        return clock.nowEpochSeconds() + seconds;
    }

    static byte[] key(String hashKey, String sortKey) {
        return KeySchema.encode(bytes(hashKey), bytes(sortKey));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static List<String> texts(List<byte[]> values) {
        return values.stream().map(StoreTestSupport::text).toList();
    }
}
