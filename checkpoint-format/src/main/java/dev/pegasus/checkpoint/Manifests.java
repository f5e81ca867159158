package dev.pegasus.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Reads and writes manifests as JSON (snake_case field names), each through a temporary file and a rename. */
public final class Manifests {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private Manifests() {
    }

    public static void write(FileStore store, String path, Object manifest) throws IOException {
        String temporary = path + BackupLayout.IN_PROGRESS_SUFFIX;
        try (OutputStream out = store.create(temporary)) {
            out.write(toJson(manifest));
        }
        store.rename(temporary, path);
    }

    public static byte[] toJson(Object manifest) {
        try {
            return JSON.writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + manifest, e);
        }
    }

    /**
     * @throws CorruptBackupException naming the file when it is missing, not JSON, lacks a field, or
     *                                has a format version this code does not read
     */
    public static <T> T read(FileStore store, String path, Class<T> type) throws IOException {
        if (store.length(path).isEmpty()) {
            throw new CorruptBackupException("manifest " + store.describe(path) + " is missing");
        }
        T manifest;
        try (InputStream in = store.open(path)) {
            JsonNode json = JSON.readTree(in);
            if (json == null || !json.isObject()) {
                throw new CorruptBackupException("manifest " + store.describe(path) + " is damaged: not a JSON object");
            }
            AddedFields.fill(json, type);
            manifest = JSON.treeToValue(json, type);
        } catch (JsonProcessingException e) {
            throw new CorruptBackupException("manifest " + store.describe(path) + " is damaged: "
                    + e.getOriginalMessage(), e);
        }
        int version = manifest instanceof BackupManifest backup ? backup.formatVersion()
                : manifest instanceof PartitionManifest partition ? partition.formatVersion() : BackupLayout.FORMAT_VERSION;
        if (version != BackupLayout.FORMAT_VERSION) {
            throw new CorruptBackupException("manifest " + store.describe(path) + " has format version " + version
                    + "; this version reads " + BackupLayout.FORMAT_VERSION);
        }
        return manifest;
    }
}
