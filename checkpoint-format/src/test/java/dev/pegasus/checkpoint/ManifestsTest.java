package dev.pegasus.checkpoint;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestsTest {
    static final BackupManifest BACKUP = new BackupManifest(1, "1764067200000", "users", 7, 2, 3,
            Map.of("default_ttl", "3600"), 1, 1764067200000L, 1764067260000L,
            List.of(new BackupManifest.Partition(0, 41, "0/41-127.0.0.1_34801", 2, 1234,
                            List.of(new SplitPoint("0004757365723173", 400), new SplitPoint("000475736572397a", 800))),
                    new BackupManifest.Partition(1, 17, "1/17-127.0.0.1_34802", 1, 99, List.of())));
    static final PartitionManifest PARTITION = new PartitionManifest(1, "1764067200000", "users", 7, 0, 2, 41,
            "127.0.0.1:34801", 1764067201000L,
            List.of(new ManifestFile("000012.sst", 1200, 0xFFFFFFF0L), new ManifestFile("CURRENT", 34, 7)),
            List.of(new SplitPoint("0004757365723173", 400)));

    @TempDir
    Path temp;
    FileStore store;

    @BeforeEach
    void open() {
        store = new LocalFileStore(temp);
    }

    @Test
    void backupManifestRoundTrips() throws IOException {
        Manifests.write(store, "t/backup.json", BACKUP);
        assertEquals(BACKUP, Manifests.read(store, "t/backup.json", BackupManifest.class));
        assertEquals(List.of("backup.json"), store.list("t"));
    }

    @Test
    void partitionManifestRoundTrips() throws IOException {
        Manifests.write(store, "partition.json", PARTITION);
        assertEquals(PARTITION, Manifests.read(store, "partition.json", PartitionManifest.class));
    }

    @Test
    void backupManifestFieldsAreSnakeCase() throws IOException {
        JsonNode json = new ObjectMapper().readTree(Manifests.toJson(BACKUP));
        List<String> fields = List.of("format_version", "backup_id", "table_name", "app_id", "partition_count",
                "replica_count", "envs", "value_schema_version", "start_time_ms", "end_time_ms", "partitions");
        assertEquals(fields.stream().sorted().toList(), names(json));
        assertEquals(List.of("bytes", "decree", "dir", "file_count", "index", "split_points"),
                names(json.get("partitions").get(0)));
        assertEquals(List.of("bytes_before", "key"), names(json.get("partitions").get(0).get("split_points").get(0)));
        assertEquals("0004757365723173", json.get("partitions").get(0).get("split_points").get(0).get("key").asText());
        assertEquals("3600", json.get("envs").get("default_ttl").asText());
        assertEquals("1764067200000", json.get("backup_id").asText());
        assertTrue(json.get("backup_id").isTextual());
    }

    @Test
    void partitionManifestFieldsAreSnakeCase() throws IOException {
        JsonNode json = new ObjectMapper().readTree(Manifests.toJson(PARTITION));
        List<String> fields = List.of("format_version", "backup_id", "table_name", "app_id", "partition_index",
                "partition_count", "decree", "node", "created_ms", "files", "split_points");
        assertEquals(fields.stream().sorted().toList(), names(json));
        JsonNode file = json.get("files").get(0);
        assertEquals(List.of("crc32c", "name", "size"), names(file));
        assertEquals(0xFFFFFFF0L, file.get("crc32c").asLong(), "an unsigned 32-bit number, never negative");
    }

    @Test
    void unknownFieldsAreIgnored() throws IOException {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(Manifests.toJson(BACKUP));
        json.put("added_by_a_later_version", "x");
        writeRaw("backup.json", json.toString());
        assertEquals(BACKUP, Manifests.read(store, "backup.json", BackupManifest.class));
    }

    @Test
    void aBackupManifestWrittenBeforeSplitPointsReadsWithoutThem() throws IOException {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(Manifests.toJson(BACKUP));
        json.get("partitions").forEach(partition -> ((ObjectNode) partition).remove("split_points"));
        writeRaw("backup.json", json.toString());
        BackupManifest read = Manifests.read(store, "backup.json", BackupManifest.class);
        assertEquals(List.of(List.of(), List.of()),
                read.partitions().stream().map(BackupManifest.Partition::splitPoints).toList());
        assertEquals(BACKUP.partitions().get(1), read.partitions().get(1));
    }

    @Test
    void aPartitionManifestWrittenBeforeSplitPointsReadsWithoutThem() throws IOException {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(Manifests.toJson(PARTITION));
        json.remove("split_points");
        writeRaw("partition.json", json.toString());
        assertEquals(List.of(), Manifests.read(store, "partition.json", PartitionManifest.class).splitPoints());
    }

    @Test
    void splitPointsOutOfOrderAreRefused() throws IOException {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(Manifests.toJson(BACKUP));
        ArrayNode points = (ArrayNode) json.get("partitions").get(0).get("split_points");
        points.add(points.get(0).deepCopy());
        writeRaw("backup.json", json.toString());
        assertDamaged("backup.json", BackupManifest.class);
    }

    @Test
    void aSplitPointThatIsNotHexIsRefused() throws IOException {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(Manifests.toJson(PARTITION));
        ((ObjectNode) json.get("split_points").get(0)).put("key", "user1");
        writeRaw("partition.json", json.toString());
        assertDamaged("partition.json", PartitionManifest.class);
    }

    @Test
    void anEmptyManifestIsDamaged() throws IOException {
        writeRaw("backup.json", "");
        assertDamaged("backup.json", BackupManifest.class);
    }

    @Test
    void aMissingManifestIsNamed() {
        CorruptBackupException e = assertThrows(CorruptBackupException.class,
                () -> Manifests.read(store, "t/1/backup.json", BackupManifest.class));
        assertTrue(e.getMessage().contains(store.describe("t/1/backup.json")), e.getMessage());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void aManifestThatIsNotJsonIsNamed() throws IOException {
        String json = new String(Manifests.toJson(BACKUP), UTF_8);
        writeRaw("backup.json", json.substring(0, json.length() / 2));
        assertDamaged("backup.json", BackupManifest.class);
    }

    @Test
    void aManifestLackingAFieldIsNamed() throws IOException {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(Manifests.toJson(PARTITION));
        json.remove("decree");
        writeRaw("partition.json", json.toString());
        assertDamaged("partition.json", PartitionManifest.class);
    }

    @Test
    void aManifestWithAnInvalidFileEntryIsNamed() throws IOException {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(Manifests.toJson(PARTITION));
        ((ObjectNode) json.get("files").get(0)).put("name", "../escape");
        writeRaw("partition.json", json.toString());
        assertDamaged("partition.json", PartitionManifest.class);
    }

    @Test
    void anotherFormatVersionIsRefused() throws IOException {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(Manifests.toJson(BACKUP));
        json.put("format_version", 2);
        writeRaw("backup.json", json.toString());
        CorruptBackupException e = assertThrows(CorruptBackupException.class,
                () -> Manifests.read(store, "backup.json", BackupManifest.class));
        assertTrue(e.getMessage().contains("format version 2"), e.getMessage());
    }

    private void assertDamaged(String path, Class<?> type) {
        CorruptBackupException e = assertThrows(CorruptBackupException.class, () -> Manifests.read(store, path, type));
        assertTrue(e.getMessage().contains(store.describe(path)), e.getMessage());
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line for a command's error output: " + e.getMessage());
    }

    private void writeRaw(String path, String content) throws IOException {
        try (OutputStream out = store.create(path)) {
            out.write(content.getBytes(UTF_8));
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.stream().sorted().toList();
    }
}
