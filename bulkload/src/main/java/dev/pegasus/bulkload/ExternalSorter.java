package dev.pegasus.bulkload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Sorts records by partition and storage key within a memory budget: records are buffered per
 * partition; when the buffers exceed the budget each partition's buffer is sorted and spilled to a
 * run file under {@code spillDir}; at the end a partition's records are its buffer sorted in memory
 * (nothing spilled) or a k-way merge of its runs. Of several records with one key the latest in the
 * input is kept. Not thread-safe while adding; partitions may be read concurrently afterwards.
 */
final class ExternalSorter {
    private final long memoryBytes;
    private final Path spillDir;
    private final List<List<SortEntry>> buffers = new ArrayList<>();
    private final List<List<Path>> runs = new ArrayList<>();
    private long buffered;
    private int spills;

    ExternalSorter(int partitionCount, long memoryBytes, Path spillDir) {
        this.memoryBytes = memoryBytes;
        this.spillDir = spillDir;
        for (int i = 0; i < partitionCount; i++) {
            buffers.add(new ArrayList<>());
            runs.add(new ArrayList<>());
        }
    }

    void add(int partition, SortEntry entry) throws IOException {
        buffers.get(partition).add(entry);
        buffered += entry.memoryBytes();
        if (buffered > memoryBytes) {
            spill();
        }
    }

    /** How many times the buffers went to disk. */
    int spills() {
        return spills;
    }

    private void spill() throws IOException {
        Files.createDirectories(spillDir);
        for (int partition = 0; partition < buffers.size(); partition++) {
            List<SortEntry> buffer = buffers.get(partition);
            if (buffer.isEmpty()) {
                continue;
            }
            buffer.sort(SortEntry.ORDER);
            Path run = spillDir.resolve("p" + partition + "-run" + runs.get(partition).size());
            RunFile.write(run, buffer);
            runs.get(partition).add(run);
            buffers.set(partition, new ArrayList<>());
        }
        buffered = 0;
        spills++;
    }

    /** Call once every record was added: once anything spilled, the rest goes to disk too, freeing the memory. */
    void finishAdding() throws IOException {
        if (spills > 0 && buffered > 0) {
            spill();
        }
    }

    /** The partition's records, sorted and without duplicates; after {@link #finishAdding}. */
    SortedRecords partition(int partition) throws IOException {
        if (runs.get(partition).isEmpty()) {
            List<SortEntry> buffer = buffers.get(partition);
            buffers.set(partition, List.of());
            buffer.sort(SortEntry.ORDER);
            return SortedRecords.of(buffer.iterator()).uniqueKeys();
        }
        return new Merge(runs.get(partition)).uniqueKeys();
    }

    /** A k-way merge of sorted runs, in {@link SortEntry#ORDER}. */
    private static final class Merge implements SortedRecords {
        private record Head(SortEntry entry, RunFile.Reader reader) {}

        private final List<RunFile.Reader> readers = new ArrayList<>();
        private final PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> SortEntry.ORDER.compare(a.entry, b.entry));

        Merge(List<Path> runs) throws IOException {
            try {
                for (Path run : runs) {
                    RunFile.Reader reader = new RunFile.Reader(run);
                    readers.add(reader);
                    reader.next().ifPresent(entry -> heads.add(new Head(entry, reader)));
                }
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        @Override
        public Optional<SortEntry> next() throws IOException {
            Head head = heads.poll();
            if (head == null) {
                return Optional.empty();
            }
            head.reader.next().ifPresent(entry -> heads.add(new Head(entry, head.reader)));
            return Optional.of(head.entry);
        }

        @Override
        public void close() throws IOException {
            for (RunFile.Reader reader : readers) {
                reader.close();
            }
        }
    }
}
