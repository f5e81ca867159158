package dev.pegasus.flink.sink;

import static dev.pegasus.flink.TableContents.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.SortKeyValue;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Options and records refuse bad arguments with messages naming them; backoff doubles up to its cap. */
class PegasusSinkOptionsTest {
    @Test
    void backoffDoublesFromTheInitialWaitUpToTheCap() {
        PegasusSinkOptions options = PegasusSink.<String>builder().setMetaServers("127.0.0.1:34601").setTable("t")
                .setSerializer(s -> PegasusRecord.set(b(s), b(""), b(s)))
                .setRetryBackoff(Duration.ofMillis(100), Duration.ofMillis(700)).build().options();
        assertEquals(List.of(100L, 200L, 400L, 700L, 700L),
                List.of(1, 2, 3, 4, 30).stream().map(retry -> options.backoff(retry).toMillis()).toList());
    }

    @Test
    void missingSettingsAreNamed() {
        IllegalArgumentException noMeta = assertThrows(IllegalArgumentException.class, () -> PegasusSink.<String>builder()
                .setTable("t").setSerializer(s -> null).build());
        assertTrue(noMeta.getMessage().contains("meta servers"), noMeta.getMessage());
        IllegalArgumentException noTable = assertThrows(IllegalArgumentException.class, () -> PegasusSink.<String>builder()
                .setMetaServers("127.0.0.1:34601").setSerializer(s -> null).build());
        assertTrue(noTable.getMessage().contains("name of the table"), noTable.getMessage());
        NullPointerException noSerializer = assertThrows(NullPointerException.class, () -> PegasusSink.<String>builder()
                .setMetaServers("127.0.0.1:34601").setTable("t").build());
        assertTrue(noSerializer.getMessage().contains("serializer"), noSerializer.getMessage());
        IllegalArgumentException smallBuffer = assertThrows(IllegalArgumentException.class, () -> PegasusSink
                .<String>builder().setMetaServers("127.0.0.1:34601").setTable("t").setSerializer(s -> null)
                .setMaxBatchSize(100).setMaxBufferedRecords(10).build());
        assertTrue(smallBuffer.getMessage().contains("maxBufferedRecords (10) must be at least maxBatchSize (100)"),
                smallBuffer.getMessage());
    }

    @Test
    void recordsRefuseNullsNamingThem() {
        assertEquals("set: the hash key must not be null", assertThrows(IllegalArgumentException.class,
                () -> PegasusRecord.set(null, b("s"), b("v"))).getMessage());
        assertEquals("del: the sort key must not be null", assertThrows(IllegalArgumentException.class,
                () -> PegasusRecord.del(b("h"), null)).getMessage());
        assertEquals("multiSet: the hash key must not be empty", assertThrows(IllegalArgumentException.class,
                () -> PegasusRecord.multiSet(b(""), List.of(new SortKeyValue(b("s"), b("v"))), 0)).getMessage());
        assertEquals("set: the TTL must be >= 0 seconds (0 for none), got -1", assertThrows(IllegalArgumentException.class,
                () -> PegasusRecord.set(b("h"), b("s"), b("v"), -1)).getMessage());
    }

    @Test
    void aRecordLandsInThePartitionOfItsHashKey() {
        PegasusRecord record = PegasusRecord.set(b("user1"), b("a"), b("v"));
        PegasusRecord sameHashKey = PegasusRecord.del(b("user1"), b("b"));
        assertEquals(record.partitionIndex(8), sameHashKey.partitionIndex(8));
    }
}
