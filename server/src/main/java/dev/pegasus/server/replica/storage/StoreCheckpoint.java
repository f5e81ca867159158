package dev.pegasus.server.replica.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A consistent copy of a partition store (a RocksDB checkpoint: SST files hard-linked, the small
 * metadata files copied) that opens as a store at exactly {@code decree}. It is what a primary ships
 * to a learner, which then catches up from the log from {@code decree + 1}.
 *
 * @param files every file of the directory, sorted by name
 */
public record StoreCheckpoint(Path dir, long decree, List<CheckpointFile> files) {
    public StoreCheckpoint {
        files = List.copyOf(files);
    }

    /** Describes the checkpoint already written to {@code dir}, reading every file for its checksum. */
    public static StoreCheckpoint describe(Path dir, long decree) throws IOException {
        List<Path> paths;
        try (Stream<Path> list = Files.list(dir)) {
            paths = list.sorted(Comparator.comparing(Path::getFileName)).toList();
        }
        List<CheckpointFile> files = new ArrayList<>(paths.size());
        for (Path path : paths) {
            if (!Files.isRegularFile(path)) {
                throw new IOException("checkpoint " + dir + " holds " + path.getFileName() + ", not a plain file");
            }
            files.add(CheckpointFile.of(path));
        }
        return new StoreCheckpoint(dir, decree, files);
    }

    public long totalBytes() {
        return files.stream().mapToLong(CheckpointFile::size).sum();
    }
}
