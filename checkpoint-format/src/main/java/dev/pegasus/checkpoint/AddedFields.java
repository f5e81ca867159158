package dev.pegasus.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Fields added to format version 1 after its first backups were written: readers ignore fields they
 * do not know, so adding one needs no new version, but a manifest from before the field was added
 * lacks it. This fills in what such a manifest means, before the manifest is bound to its record
 * (which refuses any missing field, so that a damaged manifest is not read as a default).
 */
final class AddedFields {
    static final String SPLIT_POINTS = "split_points";

    private AddedFields() {
    }

    /** Fills in the fields {@code json}, a manifest of type {@code type}, lacks because it is older. */
    static void fill(JsonNode json, Class<?> type) {
        if (type == PartitionManifest.class) {
            noSplitPoints(json);
        } else if (type == BackupManifest.class && json.get("partitions") != null) {
            json.get("partitions").forEach(AddedFields::noSplitPoints);
        }
    }

    /** A partition without split points is read whole, as before split points were recorded. */
    private static void noSplitPoints(JsonNode partition) {
        if (partition instanceof ObjectNode object && !object.has(SPLIT_POINTS)) {
            object.putArray(SPLIT_POINTS);
        }
    }
}
