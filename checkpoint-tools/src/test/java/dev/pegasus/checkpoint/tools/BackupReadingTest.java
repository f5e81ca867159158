package dev.pegasus.checkpoint.tools;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.checkpoint.BackupLayout;
import dev.pegasus.checkpoint.BackupManifest;
import dev.pegasus.checkpoint.BackupRepository;
import dev.pegasus.checkpoint.CorruptBackupException;
import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.checkpoint.ManifestFile;
import dev.pegasus.checkpoint.PartitionManifest;
import dev.pegasus.protocol.KeySchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups written the way replica servers write them, read back with the snapshot reader, the
 * verifier and the command line; run against every kind of file store.
 */
abstract class BackupReadingTest {
    static final String TABLE = "users";
    static final String BACKUP_ID = "1764067200000";
    static final int PARTITIONS = 4;

    @TempDir
    Path temp;
    Path staging;
    FileStore store;
    BackupRepository repository;
    List<PartitionWrites> writes;
    BackupManifest backup;

    /** A store rooted at a directory no other test uses. */
    abstract FileStore newStore(String testName) throws IOException;

    @BeforeEach
    void writeBackup(TestInfo info) throws IOException {
        store = newStore(info.getTestMethod().orElseThrow().getName());
        repository = new BackupRepository(store);
        staging = temp.resolve("staging");
        writes = SampleTable.writes(PARTITIONS, 40);
        try (BackupTreeBuilder builder = new BackupTreeBuilder(store, temp.resolve("work"))) {
            backup = builder.write(TABLE, BACKUP_ID, writes);
        }
    }

    @AfterEach
    void closeStore() throws IOException {
        store.close();
    }

    SnapshotReadOptions options() {
        return SnapshotReadOptions.defaults().withClock(() -> SampleTable.NOW).withStagingParent(staging);
    }

    List<String> read(int partition, SnapshotReadOptions options) throws IOException {
        try (SnapshotReader reader = SnapshotReader.open(repository, backup, partition, options)) {
            return Records.readAll(reader);
        }
    }

    List<String> expected(int partition) {
        return Records.describe(writes.get(partition).liveAt(SampleTable.NOW));
    }

    @Test
    void readsExactlyTheLiveRecordsOfEveryPartition() throws IOException {
        assertEquals(backup, repository.manifest(TABLE, BACKUP_ID));
        for (int partition = 0; partition < PARTITIONS; partition++) {
            try (SnapshotReader reader = SnapshotReader.open(repository, backup, partition, options())) {
                assertEquals(expected(partition), Records.readAll(reader), "partition " + partition);
                assertEquals(writes.get(partition).expiredAt(SampleTable.NOW), reader.expiredSkipped());
                assertEquals(backup.partitions().get(partition).decree(), reader.partition().decree());
            }
        }
        assertTrue(writes.stream().mapToLong(w -> w.expiredAt(SampleTable.NOW)).sum() > 0, "the sample expires some");
        assertStagingEmpty();
    }

    @Test
    void withoutValuesGivesTheSameRecordsWithoutTheirValues() throws IOException {
        List<String> keysOnly = writes.get(1).liveAt(SampleTable.NOW).stream()
                .map(r -> Records.describe(new SnapshotRecord(r.hashKey(), r.sortKey(), java.util.Optional.empty(),
                        r.expireTs(), r.timetag())))
                .toList();
        assertEquals(keysOnly, read(1, options().withoutValues()));
    }

    @Test
    void aLaterClockHidesMoreRecords() throws IOException {
        int later = SampleTable.NOW + 5000;
        assertEquals(Records.describe(writes.get(2).liveAt(later)), read(2, options().withClock(() -> later)));
    }

    @Test
    void aRangeOfOneHashKeyGivesItsRecords() throws IOException {
        for (int partition = 0; partition < PARTITIONS; partition++) {
            List<SnapshotRecord> live = writes.get(partition).liveAt(SampleTable.NOW);
            if (live.isEmpty()) {
                continue;
            }
            byte[] hashKey = live.get(live.size() / 2).hashKey();
            List<String> expected = Records.describe(live.stream()
                    .filter(r -> Arrays.equals(r.hashKey(), hashKey)).toList());
            assertEquals(expected, read(partition, options().withRange(StorageKeyRange.hashKey(hashKey))));
        }
    }

    @Test
    void anArbitraryKeyRangeIsHalfOpen() throws IOException {
        List<SnapshotRecord> live = writes.get(0).liveAt(SampleTable.NOW);
        byte[] start = storageKey(live.get(2));
        byte[] stop = storageKey(live.get(live.size() - 2));
        assertEquals(Records.describe(live.subList(2, live.size() - 2)),
                read(0, options().withRange(new StorageKeyRange(start, stop))));
    }

    @Test
    void aHashKeyPrefixSkipsToMatchingRecordsOfEveryLength() throws IOException {
        byte[] prefix = "user1".getBytes(UTF_8);
        for (int partition = 0; partition < PARTITIONS; partition++) {
            List<String> expected = Records.describe(writes.get(partition).liveAt(SampleTable.NOW).stream()
                    .filter(r -> startsWith(r.hashKey(), prefix)).toList());
            assertEquals(expected, read(partition, options().withHashKeyPrefix(prefix)), "partition " + partition);
        }
    }

    @Test
    void aPrefixAndARangeCombine() throws IOException {
        List<SnapshotRecord> live = writes.get(3).liveAt(SampleTable.NOW);
        byte[] start = storageKey(live.get(live.size() / 3));
        byte[] prefix = "user2".getBytes(UTF_8);
        List<String> expected = Records.describe(live.stream()
                .filter(r -> Arrays.compareUnsigned(storageKey(r), start) >= 0 && startsWith(r.hashKey(), prefix))
                .toList());
        assertEquals(expected, read(3, options().withRange(new StorageKeyRange(start, new byte[0]))
                .withHashKeyPrefix(prefix)));
    }

    @Test
    void verifierCountsLiveRecordsPerPartition() throws IOException {
        BackupVerifier.Report report = new BackupVerifier(repository, options()).verify(backup);
        assertTrue(report.ok(), report.toString());
        for (int partition = 0; partition < PARTITIONS; partition++) {
            BackupVerifier.PartitionReport part = report.partitions().get(partition);
            assertEquals(writes.get(partition).liveAt(SampleTable.NOW).size(), part.liveRecords());
            assertEquals(writes.get(partition).expiredAt(SampleTable.NOW), part.expiredRecords());
            assertEquals(backup.partitions().get(partition).bytes(), part.bytes());
        }
        assertEquals(writes.stream().mapToLong(w -> w.liveAt(SampleTable.NOW).size()).sum(), report.liveRecords());
        assertEquals(backup.totalBytes(), report.bytes());
        assertStagingEmpty();
    }

    @Test
    void aTruncatedSstFileIsNamedByTheReaderAndTheVerifier() throws IOException {
        String file = checkpointFile(1, ".sst");
        byte[] bytes = readRaw(file);
        writeRaw(file, Arrays.copyOf(bytes, bytes.length - 100));
        assertDamaged(1, file, "truncated");
    }

    @Test
    void aFileWithAWrongChecksumIsNamedByTheReaderAndTheVerifier() throws IOException {
        String file = checkpointFile(2, ".sst");
        byte[] bytes = readRaw(file);
        bytes[bytes.length / 2] ^= 0x01;
        writeRaw(file, bytes);
        assertDamaged(2, file, "checksum");
    }

    @Test
    void aMissingPartitionManifestIsNamedByTheReaderAndTheVerifier() throws IOException {
        String manifest = repository.checkpointDir(backup, 0) + "/" + BackupLayout.PARTITION_MANIFEST;
        store.delete(manifest);
        assertDamaged(0, manifest, "missing");
    }

    @Test
    void aMissingBackupManifestMakesTheBackupIncomplete() throws IOException {
        store.delete(BackupLayout.backupManifest(TABLE, BACKUP_ID));
        CorruptBackupException e = assertThrows(CorruptBackupException.class,
                () -> repository.manifest(TABLE, BACKUP_ID));
        assertTrue(e.getMessage().contains(store.describe(BackupLayout.backupManifest(TABLE, BACKUP_ID))),
                e.getMessage());
        assertFalse(repository.list().get(0).complete());
        Cli cli = Cli.run("verify", "--from", store.root().toString(), "--backup", BACKUP_ID);
        assertEquals(BackupTool.FAILED, cli.exitCode());
        assertTrue(cli.err().contains("backup.json is missing"), cli.err());
    }

    @Test
    void listShowsCompleteAndIncompleteBackups() throws IOException {
        try (BackupTreeBuilder builder = new BackupTreeBuilder(store, temp.resolve("work2"))) {
            builder.writePartition(TABLE, "1764067300000", 0, 2, writes.get(0), 1764067300000L);
        }
        Cli cli = Cli.run("list", "--from", store.root().toString());
        assertEquals(BackupTool.OK, cli.exitCode(), cli.err());
        List<String> lines = cli.out().lines().toList();
        assertEquals(3, lines.size(), cli.out());
        assertEquals(List.of("TABLE", "BACKUP_ID", "STATUS", "PARTITIONS", "BYTES", "START", "END"),
                List.of(lines.get(0).split("\\s+")));
        assertEquals(List.of(TABLE, BACKUP_ID, "complete", "4", String.valueOf(backup.totalBytes()),
                        "2025-11-25T10:40:00Z", "2025-11-25T10:40:01Z"),
                List.of(lines.get(1).split("\\s+")));
        assertEquals(List.of(TABLE, "1764067300000", "incomplete", "-", "-", "2025-11-25T10:41:40Z", "-"),
                List.of(lines.get(2).split("\\s+")));
    }

    @Test
    void verifyCommandPrintsCountsAndSucceeds() {
        Cli cli = Cli.run("verify", "--from", store.root().toString(), "--backup", BACKUP_ID, "--table", TABLE,
                "--staging-dir", staging.toString());
        assertEquals(BackupTool.OK, cli.exitCode(), cli.err());
        long live = writes.stream().mapToLong(w -> w.liveAt(SampleTable.NOW).size()).sum();
        String total = cli.out().lines().filter(line -> line.startsWith("total")).findFirst().orElseThrow();
        // the command's clock is the wall clock, later than the sample's "now": it may see fewer live records
        assertTrue(total.endsWith(" ok"), cli.out());
        assertTrue(Long.parseLong(total.split("\\s+")[3]) <= live, cli.out());
        assertEquals(PARTITIONS + 3, cli.out().lines().count(), cli.out());
    }

    @Test
    void verifyCommandFailsNamingTheDamagedFile() throws IOException {
        String file = checkpointFile(3, ".sst");
        byte[] bytes = readRaw(file);
        writeRaw(file, Arrays.copyOf(bytes, bytes.length + 1));
        Cli cli = Cli.run("verify", "--from", store.root().toString(), "--backup", BACKUP_ID,
                "--staging-dir", staging.toString());
        assertEquals(BackupTool.FAILED, cli.exitCode());
        assertTrue(cli.err().contains("partition 3: file " + store.describe(file)), cli.err());
        assertTrue(cli.out().contains("DAMAGED: file " + store.describe(file)), cli.out());
    }

    @Test
    void readersOfKeyRangesOfOnePartitionShareOneStagedCheckpoint() throws IOException {
        SharedCheckpoints shared = new SharedCheckpoints();
        List<SnapshotRecord> all = writes.get(0).liveAt(SampleTable.NOW);
        byte[] cut1 = storageKey(all.get(all.size() / 3));
        byte[] cut2 = storageKey(all.get(all.size() * 2 / 3));
        List<StorageKeyRange> ranges = List.of(new StorageKeyRange(new byte[0], cut1),
                new StorageKeyRange(cut1, cut2), new StorageKeyRange(cut2, new byte[0]));
        List<SnapshotReader> readers = new java.util.ArrayList<>();
        try {
            for (StorageKeyRange range : ranges) {
                readers.add(SnapshotReader.open(shared, repository, backup, 0, options().withRange(range)));
            }
            assertEquals(1, shared.staged());
            assertEquals(1, stagedDirectories());
            List<String> read = new java.util.ArrayList<>();
            for (SnapshotReader reader : readers) {
                List<String> part = Records.readAll(reader);
                assertFalse(part.isEmpty(), "every range holds records in this sample");
                read.addAll(part);
            }
            assertEquals(expected(0), read, "the ranges together hold each record once");
            readers.remove(0).close();
            assertEquals(1, stagedDirectories(), "kept while other readers read it");
        } finally {
            for (SnapshotReader reader : readers) {
                reader.close();
            }
        }
        assertEquals(0, shared.staged());
        assertStagingEmpty();
    }

    @Test
    void readersOpeningAPartitionAtOnceStageItOnce() throws Exception {
        SharedCheckpoints shared = new SharedCheckpoints();
        int readers = 4;
        java.util.concurrent.CyclicBarrier allOpen = new java.util.concurrent.CyclicBarrier(readers);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(readers);
        try {
            List<java.util.concurrent.Future<Integer>> staged = new java.util.ArrayList<>();
            for (int i = 0; i < readers; i++) {
                staged.add(threads.submit(() -> {
                    try (SnapshotReader reader = SnapshotReader.open(shared, repository, backup, 1, options())) {
                        allOpen.await();
                        int directories = stagedDirectories();
                        assertEquals(expected(1), Records.readAll(reader));
                        allOpen.await();
                        return directories;
                    }
                }));
            }
            for (java.util.concurrent.Future<Integer> directories : staged) {
                assertEquals(1, directories.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(0, shared.staged());
        assertStagingEmpty();
    }

    @Test
    void aSharedCheckpointThatFailsToOpenIsStagedAgainByTheNextReader() throws IOException {
        SharedCheckpoints shared = new SharedCheckpoints();
        String file = checkpointFile(2, ".sst");
        byte[] bytes = readRaw(file);
        writeRaw(file, Arrays.copyOf(bytes, bytes.length - 1));
        CorruptBackupException e = assertThrows(CorruptBackupException.class,
                () -> SnapshotReader.open(shared, repository, backup, 2, options()));
        assertTrue(e.getMessage().contains(store.describe(file)), e.getMessage());
        assertEquals(0, shared.staged());
        assertStagingEmpty();

        writeRaw(file, bytes);
        try (SnapshotReader reader = SnapshotReader.open(shared, repository, backup, 2, options())) {
            assertEquals(expected(2), Records.readAll(reader));
        }
        assertStagingEmpty();
    }

    private int stagedDirectories() throws IOException {
        try (Stream<Path> staged = Files.list(staging)) {
            return (int) staged.count();
        }
    }

    /** The reader refuses the partition naming the file, the verifier reports it and checks the others. */
    private void assertDamaged(int partition, String file, String reason) throws IOException {
        CorruptBackupException e = assertThrows(CorruptBackupException.class,
                () -> SnapshotReader.open(repository, backup, partition, options()));
        assertTrue(e.getMessage().contains(store.describe(file)), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertStagingEmpty();
        BackupVerifier.Report report = new BackupVerifier(repository, options()).verify(backup);
        assertEquals(List.of(partition), report.damaged().stream().map(BackupVerifier.PartitionReport::index).toList());
        String error = report.damaged().get(0).error().orElseThrow();
        assertTrue(error.contains(store.describe(file)) && error.contains(reason), error);
        assertEquals(PARTITIONS - 1, report.partitions().stream().filter(p -> p.ok() && p.liveRecords() > 0).count());
    }

    private String checkpointFile(int partition, String suffix) throws IOException {
        PartitionManifest manifest = repository.partition(backup, partition);
        String name = manifest.files().stream().map(ManifestFile::name).filter(n -> n.endsWith(suffix))
                .findFirst().orElseThrow();
        return repository.checkpointDir(backup, partition) + "/" + name;
    }

    private void assertStagingEmpty() throws IOException {
        if (Files.exists(staging)) {
            try (Stream<Path> left = Files.list(staging)) {
                assertEquals(List.of(), left.toList(), "staged files are deleted");
            }
        }
    }

    private byte[] readRaw(String path) throws IOException {
        try (InputStream in = store.open(path)) {
            return in.readAllBytes();
        }
    }

    private void writeRaw(String path, byte[] bytes) throws IOException {
        try (OutputStream out = store.create(path)) {
            out.write(bytes);
        }
    }

    private static byte[] storageKey(SnapshotRecord record) {
        return KeySchema.encode(record.hashKey(), record.sortKey());
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** One run of the command line with its output captured. */
    record Cli(int exitCode, String out, String err) {
        static Cli run(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = BackupTool.execute(new PrintWriter(out), new PrintWriter(err), args);
            return new Cli(code, out.toString(), err.toString());
        }
    }
}
