package dev.pegasus.checkpoint.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch space on local disk: staged checkpoints, sorted runs, SST files waiting for their upload. */
public final class LocalFiles {
    private LocalFiles() {
    }

    /** Deletes a directory and everything under it; nothing happens when it is not there. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
