package dev.pegasus.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.pegasus.checkpoint.BackupLayout;
import dev.pegasus.checkpoint.BackupManifest;
import dev.pegasus.checkpoint.BackupRepository;
import dev.pegasus.checkpoint.LocalFileStore;
import dev.pegasus.client.Backup;
import dev.pegasus.client.BackupPartition;
import dev.pegasus.client.BackupStatus;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.client.RestorePartition;
import dev.pegasus.server.testing.Await;
import dev.pegasus.server.testing.ProcessCluster;
import dev.pegasus.server.testing.TestClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup survives the SIGKILL of a primary that is uploading and of the meta leader: it completes
 * with every file (or fails without a backup manifest), and a restore of it holds every record
 * acknowledged before it started. Uploads are throttled to 1 MiB/s so the kills land mid-backup.
 */
class BackupKillTest {
    private static final int RECORDS = 12_000;
    private static final int VALUE_BYTES = 1_000;

    @TempDir
    Path dir;

    @Test
    void backupCompletesOrFailsCleanlyThroughKills() throws Exception {
        try (ProcessCluster cluster = new ProcessCluster(dir.resolve("cluster"), 3, 4,
                List.of("--transfer-mb-per-s", "1"));
                PegasusClient client = TestClients.openWhenAlive(String.join(",", cluster.metaAddresses()),
                        Duration.ofSeconds(5), 4)) {
            client.admin().createTable("big", 4, 3, Map.of());
            PegasusTable table = client.openTable("big");
            for (int i = 0; i < RECORDS; i++) {
                table.set(key(i), "s".getBytes(StandardCharsets.UTF_8), value(i));
            }
            Path root = dir.resolve("backups");
            Files.createDirectories(root);
            String backupId = client.admin().startBackup("big", root.toUri().toString());

            Await.until("an upload under way", Duration.ofSeconds(60), () -> uploading(client, backupId).isPresent());
            String uploader = uploading(client, backupId).orElseThrow();
            int victim = cluster.replicaIndexOf(uploader);
            cluster.killReplica(victim);
            int leader = cluster.awaitLeader(Duration.ofSeconds(30));
            cluster.killMeta(leader);
            cluster.startMeta(leader);

            Await.until("backup finished", Duration.ofSeconds(180), () -> state(client, backupId)
                    .map(item -> item.status() != BackupStatus.RUNNING).orElse(false));
            Backup item = state(client, backupId).orElseThrow();
            System.out.printf("backup kill test: killed uploading replica server %s and meta leader %d; backup %s%n",
                    uploader, leader, item.status());
            BackupRepository repository = new BackupRepository(new LocalFileStore(root));
            if (item.status() == BackupStatus.FAILED) {
                assertFalse(Files.exists(root.resolve(BackupLayout.backupManifest("big", backupId))),
                        "a failed backup has no backup manifest");
                return;
            }
            BackupManifest manifest = repository.manifest("big", backupId);
            repository.checkComplete(manifest);
            for (int index = 0; index < manifest.partitionCount(); index++) {
                repository.verify(manifest, index);
            }
            cluster.startReplica(victim);
            client.admin().startRestore(root.toUri().toString(), backupId, "big_restored", null, 0);
            Await.until("restored table served", Duration.ofSeconds(120), () -> client.admin()
                    .restoreStatus("big_restored").stream().allMatch(RestorePartition::served));
            PegasusTable restored = client.openTable("big_restored");
            for (int i = 0; i < RECORDS; i++) {
                assertArrayEquals(value(i), restored.get(key(i), "s".getBytes(StandardCharsets.UTF_8)), "record " + i);
            }
            assertEquals(BackupStatus.SUCCEEDED, item.status());
        }
    }

    private static Optional<String> uploading(PegasusClient client, String backupId) {
        return state(client, backupId).stream().flatMap(item -> item.partitions().stream())
                .filter(p -> "UPLOADING".equals(p.phase()) && p.bytesDone() > 0)
                .flatMap(p -> p.node().stream()).findFirst();
    }

    private static Optional<Backup> state(PegasusClient client, String backupId) {
        try {
            return client.admin().backupStatus(null, backupId).stream().findFirst();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static byte[] key(int i) {
        return ("record" + i).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] value(int i) {
        byte[] value = new byte[VALUE_BYTES];
        new Random(i).nextBytes(value);
        return value;
    }
}
