package dev.pegasus.checkpoint.tools;

import dev.pegasus.checkpoint.FileStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

/**
 * A file store on any Hadoop FileSystem ({@code hdfs://}, {@code webhdfs://}, {@code s3a://}, {@code
 * viewfs://}, ...), rooted at a directory of it.
 *
 * <p>Hadoop's {@code FileSystem.rename} refuses to replace a file (and moves into a directory), so
 * {@link #rename} replaces through {@code FileContext} with {@code OVERWRITE}, atomic on HDFS, and falls
 * back to delete-then-rename on file systems without a FileContext binding.
 */
public final class HadoopFileStore implements FileStore {
    private final URI root;
    private final Path base;
    private final Configuration conf;
    private final FileSystem fs;

    private HadoopFileStore(URI root, Path base, Configuration conf, FileSystem fs) {
        this.root = root;
        this.base = base;
        this.conf = conf;
        this.fs = fs;
    }

    /** Opens a store rooted at {@code root}, with a FileSystem instance of its own that {@link #close} closes. */
    public static HadoopFileStore open(URI root, Configuration conf) throws IOException {
        Path base = new Path(root);
        FileSystem fs = FileSystem.newInstance(root, conf);
        Path qualified = fs.makeQualified(base);
        return new HadoopFileStore(qualified.toUri(), qualified, conf, fs);
    }

    @Override
    public URI root() {
        return root;
    }

    private Path resolve(String path) {
        RelativePaths.check(path, root);
        return path.isEmpty() ? base : new Path(base, path);
    }

    private Optional<FileStatus> status(Path path) throws IOException {
        try {
            return Optional.of(fs.getFileStatus(path));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Long> length(String path) throws IOException {
        return status(resolve(path)).filter(FileStatus::isFile).map(FileStatus::getLen);
    }

    @Override
    public boolean exists(String path) throws IOException {
        return fs.exists(resolve(path));
    }

    @Override
    public List<String> list(String dir) throws IOException {
        Path directory = resolve(dir);
        if (!status(directory).map(FileStatus::isDirectory).orElse(false)) {
            return List.of();
        }
        try {
            return Arrays.stream(fs.listStatus(directory)).map(entry -> entry.getPath().getName()).sorted().toList();
        } catch (FileNotFoundException e) {
            return List.of();
        }
    }

    @Override
    public InputStream open(String path) throws IOException {
        return fs.open(resolve(path));
    }

    @Override
    public OutputStream create(String path) throws IOException {
        return fs.create(resolve(path), true);
    }

    @Override
    public void rename(String from, String to) throws IOException {
        Path source = resolve(from);
        Path target = resolve(to);
        Optional<FileStatus> existing = status(target);
        if (existing.isPresent() && existing.get().isDirectory()) {
            throw new IOException("cannot rename " + describe(from) + " to " + describe(to) + ": that is a directory");
        }
        if (status(source).isEmpty()) {
            throw new FileNotFoundException("cannot rename " + describe(from) + ": no such file");
        }
        fs.mkdirs(target.getParent());
        if (existing.isPresent()) {
            replace(source, target);
        } else if (!fs.rename(source, target)) {
            throw new IOException("cannot rename " + describe(from) + " to " + describe(to));
        }
    }

    private void replace(Path source, Path target) throws IOException {
        FileContext context;
        try {
            context = FileContext.getFileContext(root, conf);
        } catch (UnsupportedFileSystemException e) {
            fs.delete(target, false);
            if (!fs.rename(source, target)) {
                throw new IOException("cannot rename " + source + " to " + target);
            }
            return;
        }
        context.rename(source, target, Options.Rename.OVERWRITE);
    }

    @Override
    public void delete(String path) throws IOException {
        fs.delete(resolve(path), true);
    }

    @Override
    public void close() throws IOException {
        fs.close();
    }

    @Override
    public String toString() {
        return "HadoopFileStore(" + root + ")";
    }
}
