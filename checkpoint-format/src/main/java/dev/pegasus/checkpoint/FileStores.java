package dev.pegasus.checkpoint;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.ServiceLoader;

/** Opens the file store for a URI: {@code file:} (or a plain path) on the local disk, others through providers. */
public final class FileStores {
    private FileStores() {
    }

    /**
     * @param location a URI such as {@code hdfs://host:port/dir} or {@code file:///dir}, or a local path
     * @throws IllegalArgumentException when it is not a URI or no provider opens its scheme
     */
    public static FileStore open(String location) throws IOException {
        return open(parse(location));
    }

    public static FileStore open(URI root) throws IOException {
        String scheme = root.getScheme() == null ? "file" : root.getScheme().toLowerCase(Locale.ROOT);
        for (FileStoreProvider provider : ServiceLoader.load(FileStoreProvider.class)) {
            if (provider.supports(scheme)) {
                return provider.open(root);
            }
        }
        if (scheme.equals("file")) {
            return new LocalFileStore(root.getScheme() == null ? Path.of(root.getPath()) : Path.of(root));
        }
        throw new IllegalArgumentException("no file store for '" + root + "': scheme '" + scheme
                + "' needs the Hadoop file store of pegasus-checkpoint-tools (and Hadoop) on the classpath");
    }

    /** A URI from a URI or a local path; a relative path is made absolute. */
    public static URI parse(String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("a backup location is needed, e.g. hdfs://host:port/dir or file:///dir");
        }
        if (location.startsWith("/") || !location.contains(":")) {
            return Path.of(location).toAbsolutePath().normalize().toUri();
        }
        try {
            return new URI(location);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + location + "' is not a valid URI: " + e.getMessage(), e);
        }
    }
}
