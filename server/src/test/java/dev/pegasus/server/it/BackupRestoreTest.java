package dev.pegasus.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pegasus.checkpoint.BackupLayout;
import dev.pegasus.checkpoint.BackupManifest;
import dev.pegasus.checkpoint.BackupRepository;
import dev.pegasus.checkpoint.LocalFileStore;
import dev.pegasus.client.Backup;
import dev.pegasus.client.BackupPolicy;
import dev.pegasus.client.BackupStatus;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusException;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.client.RestorePartition;
import dev.pegasus.server.testing.Await;
import dev.pegasus.server.testing.InProcessCluster;
import dev.pegasus.server.testing.TestClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Back up a 3-replica table to a file:// root under concurrent writes, restore it as a new table, and
 * compare record by record; a damaged backup is refused naming the file.
 */
class BackupRestoreTest {
    private static final int BEFORE = 2_000;

    @TempDir
    static Path dir;
    static InProcessCluster cluster;
    static PegasusClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = new InProcessCluster(dir.resolve("cluster"), 3);
        client = TestClients.openWhenAlive(cluster.metaAddress(), Duration.ofSeconds(10), 3);
    }

    @AfterAll
    static void stop() {
        client.close();
        cluster.close();
    }

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void backupUnderWritesThenRestoreHoldsEveryAcknowledgedRecord() throws Exception {
        client.admin().createTable("orders", 4, 3, Map.of("default_ttl", "0"));
        PegasusTable orders = client.openTable("orders");
        for (int i = 0; i < BEFORE; i++) {
            orders.set(b("user" + i), b("s"), b("value" + i));
        }
        Path root = dir.resolve("backups");
        Files.createDirectories(root);
        String rootUri = root.toUri().toString();

        Map<Integer, String> during = new ConcurrentHashMap<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 5_000 && writing.get(); i++) {
                String value = "late" + i;
                orders.set(b("late" + i), b("s"), b(value));
                during.put(i, value);
            }
        });
        writer.start();
        String backupId = client.admin().startBackup("orders", rootUri);
        Await.until("backup " + backupId + " finished", Duration.ofSeconds(60), () ->
                status(backupId).status() != BackupStatus.RUNNING);
        writing.set(false);
        writer.join();
        Backup item = status(backupId);
        assertEquals(BackupStatus.SUCCEEDED, item.status(), item.toString());

        BackupRepository repository = new BackupRepository(new LocalFileStore(root));
        BackupManifest manifest = repository.manifest("orders", backupId);
        assertEquals(4, manifest.partitionCount());
        repository.checkComplete(manifest);
        for (int index = 0; index < 4; index++) {
            repository.verify(manifest, index);
        }

        client.admin().startRestore(rootUri, backupId, "orders_restored", null, 0);
        Await.until("restored table served", Duration.ofSeconds(60), () ->
                client.admin().restoreStatus("orders_restored").stream().allMatch(RestorePartition::served));
        PegasusTable restored = client.openTable("orders_restored");
        for (int i = 0; i < BEFORE; i++) {
            assertArrayEquals(b("value" + i), restored.get(b("user" + i), b("s")), "record user" + i);
        }
        for (Map.Entry<Integer, String> late : during.entrySet()) {
            byte[] value = restored.get(b("late" + late.getKey()), b("s"));
            assertTrue(value == null || new String(value, StandardCharsets.UTF_8).equals(late.getValue()),
                    "late record " + late.getKey());
        }
        restored.set(b("new"), b("s"), b("written after the restore"));
        assertArrayEquals(b("written after the restore"), restored.get(b("new"), b("s")));
        assertEquals(null, orders.get(b("new"), b("s")));

        List<RestorePartition> progress = client.admin().restoreStatus("orders_restored");
        assertEquals(4, progress.size());
    }

    @Test
    void damagedBackupIsRefusedNamingTheFile() throws Exception {
        Path root = dir.resolve("damaged");
        String rootUri = root.toUri().toString();
        String backupId = backUpSmallTable("small", root);
        BackupRepository repository = new BackupRepository(new LocalFileStore(root));
        BackupManifest manifest = repository.manifest("small", backupId);
        Path partition0 = root.resolve(BackupLayout.backupDir("small", backupId)).resolve(manifest.partitions().get(0).dir());
        Path partition1 = root.resolve(BackupLayout.backupDir("small", backupId)).resolve(manifest.partitions().get(1).dir());

        Path sst = anySst(partition1);
        byte[] bytes = Files.readAllBytes(sst);
        Files.write(sst, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        PegasusException truncated = assertThrows(PegasusException.class, () ->
                client.admin().startRestore(rootUri, backupId, "small_truncated", null, 0));
        assertTrue(truncated.getMessage().contains(sst.getFileName().toString())
                && truncated.getMessage().contains("truncated"), truncated.getMessage());
        Files.write(sst, bytes);

        Path partitionManifest = partition1.resolve(BackupLayout.PARTITION_MANIFEST);
        byte[] manifestBytes = Files.readAllBytes(partitionManifest);
        Files.delete(partitionManifest);
        PegasusException missing = assertThrows(PegasusException.class, () ->
                client.admin().startRestore(rootUri, backupId, "small_missing", null, 0));
        assertTrue(missing.getMessage().contains("partition.json") && missing.getMessage().contains("missing"),
                missing.getMessage());
        Files.write(partitionManifest, manifestBytes);

        Path flipped = anySst(partition0);
        byte[] original = Files.readAllBytes(flipped);
        byte[] damaged = original.clone();
        damaged[damaged.length / 2] ^= 0x5a;
        Files.write(flipped, damaged);
        client.admin().startRestore(rootUri, backupId, "small_damaged", null, 0);
        Await.until("the checksum error reported", Duration.ofSeconds(60), () -> client.admin()
                .restoreStatus("small_damaged").stream().anyMatch(p -> p.error().isPresent()));
        RestorePartition failed = client.admin().restoreStatus("small_damaged").stream()
                .filter(p -> p.error().isPresent()).findFirst().orElseThrow();
        String error = failed.error().orElseThrow();
        assertEquals(0, failed.index());
        assertTrue(error.contains(flipped.getFileName().toString()) && error.contains("checksum"), error);
        assertFalse(failed.served(), "a partition whose data failed its checksum does not serve");
    }

    private static String backUpSmallTable(String name, Path root) throws Exception {
        client.admin().createTable(name, 2, 3, Map.of());
        PegasusTable small = client.openTable(name);
        for (int i = 0; i < 100; i++) {
            small.set(b("k" + i), b("s"), b("v" + i));
        }
        Files.createDirectories(root);
        String backupId = client.admin().startBackup(name, root.toUri().toString());
        Await.until("backup finished", Duration.ofSeconds(60), () ->
                status(backupId).status() != BackupStatus.RUNNING);
        assertEquals(BackupStatus.SUCCEEDED, status(backupId).status());
        return backupId;
    }

    private static Path anySst(Path checkpoint) throws Exception {
        try (var files = Files.list(checkpoint)) {
            return files.filter(file -> file.toString().endsWith(".sst")).findFirst().orElseThrow();
        }
    }

    @Test
    void policyBacksUpEveryIntervalAndKeepsTheNewest() throws Exception {
        client.admin().createTable("audit", 2, 3, Map.of());
        client.openTable("audit").set(b("k"), b("s"), b("v"));
        Path root = dir.resolve("policy");
        Files.createDirectories(root);
        client.admin().addBackupPolicy(new BackupPolicy("every2s", List.of("audit"), Duration.ofSeconds(2), 2,
                root.toUri().toString(), Instant.EPOCH));
        BackupRepository repository = new BackupRepository(new LocalFileStore(root));
        Await.until("a first backup by the policy", Duration.ofSeconds(30), () ->
                !client.admin().backupStatus("audit", null).isEmpty());
        String first = client.admin().backupStatus("audit", null).get(0).backupId();
        Await.until("the first backup pruned once two newer ones succeeded", Duration.ofSeconds(60), () ->
                client.admin().backupStatus("audit", null).stream()
                        .noneMatch(item -> item.backupId().equals(first)));
        client.admin().removeBackupPolicy("every2s");
        assertTrue(client.admin().listBackupPolicies().isEmpty());
        assertFalse(Files.exists(root.resolve(BackupLayout.backupDir("audit", first))), "pruned backup's files");
        assertTrue(repository.list().stream().filter(BackupRepository.Listing::complete).count() >= 2);
        List<Backup> known = client.admin().backupStatus("audit", null);
        assertTrue(known.stream().allMatch(item -> "every2s".equals(item.policy().orElse(null))));
        PegasusException duplicate = assertThrows(PegasusException.class, () -> client.admin().addBackupPolicy(
                new BackupPolicy("bad", List.of(), Duration.ofSeconds(2), 1, root.toUri().toString(), Instant.EPOCH)));
        assertTrue(duplicate.getMessage().contains("names no tables"), duplicate.getMessage());
    }

    private static Backup status(String backupId) {
        return client.admin().backupStatus(null, backupId).get(0);
    }
}
