package dev.pegasus.bench.backup;

import java.net.URI;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ContentSummary;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Copies a directory tree between two Hadoop file systems the way {@code hdfs dfs -put} / {@code -get}
 * do (FileUtil.copy, one stream per file), and prints bytes, seconds and MiB/s: the limit a backup
 * or restore is measured against.
 */
@Command(name = "tree-copy", mixinStandardHelpOptions = true)
public final class TreeCopy implements Callable<Integer> {
    @Option(names = "--from", required = true)
    URI from;
    @Option(names = "--to", required = true)
    URI to;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TreeCopy()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Configuration conf = new Configuration();
        FileSystem source = FileSystem.get(from, conf);
        FileSystem target = FileSystem.get(to, conf);
        ContentSummary summary = source.getContentSummary(new Path(from));
        long started = System.nanoTime();
        if (!FileUtil.copy(source, new Path(from), target, new Path(to), false, true, conf)) {
            throw new IllegalStateException("copy from " + from + " to " + to + " failed");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("copied %d files, %d bytes in %.2f s: %.1f MiB/s%n", summary.getFileCount(),
                summary.getLength(), seconds, summary.getLength() / seconds / (1 << 20));
        return 0;
    }
}
