package dev.pegasus.checkpoint.tools;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pegasus.checkpoint.BackupManifest;
import dev.pegasus.checkpoint.BackupRepository;
import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.checkpoint.LocalFileStore;
import dev.pegasus.protocol.PartitionHash;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partition that split keeps the other half's keys until its sweep deletes them; a backup taken
 * before that holds them too, and the reader returns only the partition's own keys.
 */
class SplitLeftoversReadingTest {
    @TempDir
    Path temp;

    @Test
    void aSplitPartitionsBackupGivesOnlyItsOwnHalf() throws Exception {
        List<PartitionWrites> partitions = new ArrayList<>();
        for (int index = 0; index < 4; index++) {
            partitions.add(new PartitionWrites().index(index));
        }
        List<String> own = new ArrayList<>();
        for (int i = 0; own.size() < 30; i++) {
            String hashKey = "user" + i;
            int partition = PartitionHash.partitionIndex(PartitionHash.crc64(hashKey.getBytes(UTF_8)), 4);
            if (partition == 0 || partition == 2) {
                // Written to partition 0 while the table had 2 partitions; the child 2 took its half.
                partitions.get(0).put(hashKey, "s", "v" + i);
                if (partition == 0) {
                    own.add(hashKey);
                }
            }
        }
        partitions.get(0).flush().split(4);
        try (FileStore store = new LocalFileStore(temp.resolve("backups"));
                BackupTreeBuilder builder = new BackupTreeBuilder(store, temp.resolve("work"))) {
            BackupManifest backup = builder.write("users", "1764067200000", partitions);
            SnapshotReadOptions options = SnapshotReadOptions.defaults().withStagingParent(temp.resolve("staging"));
            List<String> read = new ArrayList<>();
            try (SnapshotReader reader = SnapshotReader.open(new BackupRepository(store), backup, 0, options)) {
                reader.forEachRemaining(record -> read.add(new String(record.hashKey(), UTF_8)));
            }
            assertEquals(own.stream().sorted().toList(), read.stream().sorted().toList());
        }
    }
}
