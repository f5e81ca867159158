package dev.pegasus.bulkload;

import dev.pegasus.checkpoint.FileStores;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The files a generation reads, in the order that decides between duplicate keys: a single file, or
 * the files of a directory in name order, skipping names that start with '.' or '_' (such as
 * Spark's {@code _SUCCESS} and checksum files).
 */
public final class InputFiles {
    private InputFiles() {
    }

    /** @param input a file or a directory, local or any Hadoop URI */
    public static List<Path> list(String input, Configuration conf) throws IOException {
        Path path = new Path(FileStores.parse(input));
        FileSystem fs = path.getFileSystem(conf);
        if (!fs.exists(path)) {
            throw new BadInputException("input " + input + " does not exist");
        }
        if (!fs.getFileStatus(path).isDirectory()) {
            return List.of(path);
        }
        FileStatus[] listed = fs.listStatus(path);
        Arrays.sort(listed);
        List<Path> files = new ArrayList<>();
        for (FileStatus status : listed) {
            String name = status.getPath().getName();
            if (status.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
                files.add(status.getPath());
            }
        }
        return files;
    }
}
