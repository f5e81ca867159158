package dev.pegasus.spark;

import static dev.pegasus.spark.SnapshotFixture.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.checkpoint.tools.StorageKeyRange;
import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.PartitionHash;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Partition pruning, seek ranges and record matching of pushed key filters. */
class KeyPredicateTest {
    private static final int PARTITIONS = 8;

    private static int partitionOf(String hashKey) {
        return PartitionHash.partitionIndex(PartitionHash.crc64(b(hashKey)), PARTITIONS);
    }

    @Test
    void withoutFiltersEveryPartitionIsReadWhole() {
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), KeyPredicate.ALL.partitions(PARTITIONS));
        assertEquals(Optional.of(StorageKeyRange.ALL), KeyPredicate.ALL.rangeIn(3, PARTITIONS));
        assertTrue(KeyPredicate.ALL.isAll());
    }

    @Test
    void oneHashKeyReadsItsOwnRangeInItsPartition() {
        KeyPredicate p = KeyPredicate.ALL.withHashKeys(List.of(b("alice")));
        int owner = partitionOf("alice");
        assertEquals(List.of(owner), p.partitions(PARTITIONS));
        StorageKeyRange range = p.rangeIn(owner, PARTITIONS).orElseThrow();
        assertEquals(StorageKeyRange.hashKey(b("alice")), range);
        assertTrue(p.matches(b("alice"), b("x")));
        assertFalse(p.matches(b("alicia"), b("x")));
    }

    @Test
    void setsIntersectAndDuplicatesCollapse() {
        KeyPredicate p = KeyPredicate.ALL.withHashKeys(List.of(b("a"), b("b"), b("a")))
                .withHashKeys(List.of(b("b"), b("c")));
        assertEquals(List.of(partitionOf("b")), p.partitions(PARTITIONS));
        assertTrue(p.matches(b("b"), b("")));
        assertFalse(p.matches(b("a"), b("")));
        assertEquals(List.of(), KeyPredicate.ALL.withHashKeys(List.of(b("a"))).withHashKeys(List.of(b("c")))
                .partitions(PARTITIONS));
    }

    @Test
    void sortKeyBoundsNarrowTheRangeOfAHashKey() {
        KeyPredicate p = KeyPredicate.ALL.withHashKeys(List.of(b("h")))
                .withSortKeyLower(new SortKeyBound(b("b"), false))
                .withSortKeyUpper(new SortKeyBound(b("d"), true));
        StorageKeyRange range = p.rangeIn(partitionOf("h"), PARTITIONS).orElseThrow();
        assertEquals(new StorageKeyRange(KeySchema.encode(b("h"), new byte[] {'b', 0}),
                KeySchema.encode(b("h"), new byte[] {'d', 0})), range);
        assertFalse(p.matches(b("h"), b("b")));
        assertTrue(p.matches(b("h"), b("b\0")));
        assertTrue(p.matches(b("h"), b("d")));
        assertFalse(p.matches(b("h"), b("d\0")));
    }

    @Test
    void emptySortKeyRangesReadNothing() {
        KeyPredicate p = KeyPredicate.ALL.withHashKeys(List.of(b("h")))
                .withSortKeyLower(new SortKeyBound(b("x"), true))
                .withSortKeyUpper(new SortKeyBound(b("c"), false));
        assertEquals(List.of(), p.partitions(PARTITIONS));
    }

    @Test
    void aSortKeyPrefixIsARangePerHashKey() {
        KeyPredicate p = KeyPredicate.ALL.withHashKeys(List.of(b("h"))).withSortKeyPrefix(b("2024-"));
        StorageKeyRange range = p.rangeIn(partitionOf("h"), PARTITIONS).orElseThrow();
        assertEquals(new StorageKeyRange(KeySchema.encode(b("h"), b("2024-")), KeySchema.encode(b("h"), b("2024."))),
                range);
        assertTrue(p.matches(b("h"), b("2024-01")));
        assertFalse(p.matches(b("h"), b("2025-01")));
    }

    @Test
    void hashKeysSharingAPartitionAreCoveredByOneRange() {
        String first = "k0";
        String second = null;
        for (int i = 1; second == null; i++) {
            if (partitionOf("k" + i) == partitionOf(first)) {
                second = "k" + i;
            }
        }
        KeyPredicate p = KeyPredicate.ALL.withHashKeys(List.of(b(first), b(second)));
        StorageKeyRange range = p.rangeIn(partitionOf(first), PARTITIONS).orElseThrow();
        byte[] low = KeySchema.hashKeyPrefix(b(first));
        byte[] high = KeySchema.prefixSuccessor(KeySchema.hashKeyPrefix(b(second)));
        assertEquals(new StorageKeyRange(low, high), range);
    }

    @Test
    void theEmptyHashKeyIsInEveryPartition() {
        KeyPredicate p = KeyPredicate.ALL.withHashKeys(List.of(new byte[0]));
        assertEquals(PARTITIONS, p.partitions(PARTITIONS).size());
    }

    @Test
    void prefixesNarrowOrContradict() {
        KeyPredicate narrowed = KeyPredicate.ALL.withHashKeyPrefix(b("us")).withHashKeyPrefix(b("user"));
        assertEquals(Optional.of("user"), narrowed.scanHashKeyPrefix().map(String::new));
        assertTrue(narrowed.matches(b("user1"), b("")));
        assertFalse(narrowed.matches(b("usa"), b("")));

        KeyPredicate contradiction = KeyPredicate.ALL.withHashKeyPrefix(b("a")).withHashKeyPrefix(b("b"));
        assertEquals(List.of(), contradiction.partitions(PARTITIONS));
        assertFalse(contradiction.matches(b("a"), b("")));
    }
}
