package dev.pegasus.server.replica.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.checkpoint.SplitPoint;
import dev.pegasus.protocol.ValueSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CheckpointSplitPointsTest extends StoreTestSupport {
    private static final int RECORDS = 4000;
    private static final int VALUE_BYTES = 1000;

    @Test
    void anEmptyCheckpointHasNoSplitPoints() throws IOException {
        assertEquals(List.of(), CheckpointSplitPoints.of(store.createCheckpoint(tempDir.resolve("c")).dir()));
    }

    @Test
    void aCheckpointOfOneBlockHasNoSplitPoints() throws IOException {
        putRecord("h", "s", "v");
        assertEquals(List.of(), CheckpointSplitPoints.of(store.createCheckpoint(tempDir.resolve("c")).dir()));
    }

    /**
     * Records of equal size written in random order over several flushes, so that the checkpoint's
     * files overlap: the points still cut the records into about equal shares, at records' own keys.
     */
    @Test
    void pointsCutALargeCheckpointIntoAboutEqualRanges() throws IOException {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            order.add(i);
        }
        Random random = new Random(7);
        Collections.shuffle(order, random);
        TreeSet<byte[]> keys = new TreeSet<>(Arrays::compareUnsigned);
        for (int n = 0; n < RECORDS; n++) {
            byte[] value = new byte[VALUE_BYTES];
            random.nextBytes(value);
            byte[] key = key("user" + order.get(n) / 10, "s" + order.get(n) % 10);
            keys.add(key);
            apply(Mutation.of(WriteOp.put(key, ValueSchema.encode(0, 0, value))));
            if (n % (RECORDS / 4) == RECORDS / 4 - 1) {
                store.flush();
            }
        }

        List<SplitPoint> points = CheckpointSplitPoints.of(store.createCheckpoint(tempDir.resolve("c")).dir());

        assertEquals(SplitPointSearch.MIN_RANGES - 1, points.size(), points.toString());
        long total = (long) RECORDS * VALUE_BYTES;
        for (SplitPoint point : points) {
            assertTrue(keys.contains(point.keyBytes()), "a record's key: " + point);
            double recordsBelow = keys.headSet(point.keyBytes()).size() / (double) RECORDS;
            double bytesBelow = point.bytesBefore() / (double) total;
            assertEquals(recordsBelow, bytesBelow, 0.05, "the estimate follows the records below " + point);
        }
        for (int i = 1; i < points.size(); i++) {
            int records = keys.subSet(points.get(i - 1).keyBytes(), points.get(i).keyBytes()).size();
            assertEquals(RECORDS / SplitPointSearch.MIN_RANGES, records, RECORDS / SplitPointSearch.MIN_RANGES / 3.0,
                    "records between " + points.get(i - 1) + " and " + points.get(i));
        }
    }
}
