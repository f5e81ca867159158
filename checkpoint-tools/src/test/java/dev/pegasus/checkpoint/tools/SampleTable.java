package dev.pegasus.checkpoint.tools;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.pegasus.protocol.PartitionHash;
import java.util.ArrayList;
import java.util.List;

/**
 * A table's writes spread over its partitions by Pegasus's partition hash, with everything a reader
 * must get right: overwritten and deleted records in older SST files than their latest version,
 * records already expired at {@link #NOW}, records with a TTL still to run, hash keys of several
 * lengths and hash keys sharing a prefix.
 */
public final class SampleTable {
    /** "Now" for readers of this table, in seconds since 2016-01-01. */
    public static final int NOW = 300_000_000;

    private SampleTable() {
    }

    public static List<PartitionWrites> writes(int partitionCount, int hashKeys) {
        List<PartitionWrites> partitions = new ArrayList<>();
        for (int i = 0; i < partitionCount; i++) {
            partitions.add(new PartitionWrites());
        }
        for (int round = 0; round < 3; round++) {
            for (int h = 0; h < hashKeys; h++) {
                String hashKey = hashKey(h);
                PartitionWrites partition = partitions.get(partitionOf(hashKey, partitionCount));
                for (int s = 0; s < 4; s++) {
                    write(partition, hashKey, "s" + s, round, h + s);
                }
            }
            partitions.forEach(PartitionWrites::flush);
        }
        return partitions;
    }

    /** "user" + number, plus a few longer hash keys sharing the "user1" prefix. */
    static String hashKey(int h) {
        return h % 5 == 4 ? "user1-" + h : "user" + h;
    }

    static int partitionOf(String hashKey, int partitionCount) {
        return PartitionHash.partitionIndex(PartitionHash.crc64(hashKey.getBytes(UTF_8)), partitionCount);
    }

    /** Round 0 writes everything, round 1 overwrites or deletes some, round 2 expires or revives some. */
    private static void write(PartitionWrites partition, String hashKey, String sortKey, int round, int n) {
        byte[] hk = hashKey.getBytes(UTF_8);
        byte[] sk = sortKey.getBytes(UTF_8);
        byte[] value = (hashKey + ":" + sortKey + ":v" + round).getBytes(UTF_8);
        switch (round) {
            case 0 -> partition.put(hk, sk, value, n % 7 == 0 ? NOW + 1000 : 0);
            case 1 -> {
                if (n % 3 == 0) {
                    partition.put(hk, sk, value, 0);
                } else if (n % 3 == 1) {
                    partition.delete(hk, sk);
                }
            }
            default -> {
                if (n % 5 == 0) {
                    partition.put(hk, sk, value, NOW - 10);
                } else if (n % 5 == 1) {
                    partition.put(hk, sk, value, NOW);
                } else if (n % 11 == 2) {
                    partition.put(hk, sk, value, NOW + 1);
                }
            }
        }
    }
}
