package dev.pegasus.server.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real small filesystem (a tmpfs) mounted on a directory for one test, so a server's data disk can
 * really fill up; a ballast file takes space away and gives it back, as an operator deleting old files
 * would. Needs root; {@link #mount} is empty where the machine does not allow mounts.
 */
public final class SmallFilesystem implements AutoCloseable {
    private static final int CHUNK = 1 << 20;
    private final Path dir;
    private final Path ballast;

    private SmallFilesystem(Path dir) {
        this.dir = dir;
        this.ballast = dir.resolve("ballast");
    }

    /** Mounts a tmpfs of {@code bytes} on {@code dir} (created if needed); empty when mounting is not allowed. */
    public static Optional<SmallFilesystem> mount(Path dir, long bytes) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int exit = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", dir.toString()));
        return exit == 0 ? Optional.of(new SmallFilesystem(dir)) : Optional.empty();
    }

    public long freeBytes() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    /** Writes ballast until at most {@code freeBytes} are left free. */
    public void leaveFree(long freeBytes) {
        byte[] chunk = new byte[CHUNK];
        try (OutputStream out = Files.newOutputStream(ballast, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            while (freeBytes() - CHUNK >= freeBytes) {
                out.write(chunk);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the ballast " + ballast, e);
        }
    }

    /** Deletes the ballast: the space comes back. */
    public void freeBallast() throws IOException {
        Files.deleteIfExists(ballast);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("umount", "-l", dir.toString()));
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
