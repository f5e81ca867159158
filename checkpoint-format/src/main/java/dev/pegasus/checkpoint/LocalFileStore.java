package dev.pegasus.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A file store on the local disk (or any mounted file system), rooted at a directory. */
public final class LocalFileStore implements FileStore {
    private final Path root;

    public LocalFileStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public URI root() {
        return root.toUri();
    }

    private Path resolve(String path) {
        Path resolved = root.resolve(path).normalize();
        if (!resolved.startsWith(root)) {
            throw new IllegalArgumentException("path '" + path + "' leaves the store rooted at " + root);
        }
        return resolved;
    }

    @Override
    public Optional<Long> length(String path) throws IOException {
        Path file = resolve(path);
        return Files.isRegularFile(file) ? Optional.of(Files.size(file)) : Optional.empty();
    }

    @Override
    public boolean exists(String path) {
        return Files.exists(resolve(path));
    }

    @Override
    public List<String> list(String dir) throws IOException {
        Path directory = resolve(dir);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public InputStream open(String path) throws IOException {
        return Files.newInputStream(resolve(path));
    }

    @Override
    public OutputStream create(String path) throws IOException {
        Path file = resolve(path);
        Files.createDirectories(file.getParent());
        return Files.newOutputStream(file);
    }

    @Override
    public void rename(String from, String to) throws IOException {
        Path target = resolve(to);
        Files.createDirectories(target.getParent());
        Files.move(resolve(from), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void delete(String path) throws IOException {
        Path target = resolve(path);
        if (!Files.exists(target)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(target)) {
            for (Path entry : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
        }
    }

    @Override
    public String toString() {
        return "LocalFileStore(" + root + ")";
    }
}
