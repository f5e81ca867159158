package dev.pegasus.bulkload;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A sorted run spilled to local disk: entries as {@code [key length][key][ordinal][value length][value]}. */
final class RunFile {
    private static final int BUFFER_BYTES = 1 << 16;

    private RunFile() {
    }

    /** Writes entries already in {@link SortEntry#ORDER}. */
    static void write(Path file, List<SortEntry> sorted) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file),
                BUFFER_BYTES))) {
            for (SortEntry entry : sorted) {
                out.writeInt(entry.key().length);
                out.write(entry.key());
                out.writeLong(entry.ordinal());
                out.writeInt(entry.value().length);
                out.write(entry.value());
            }
        }
    }

    /** Reads a run back in order. */
    static final class Reader implements AutoCloseable {
        private final DataInputStream in;

        Reader(Path file) throws IOException {
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES));
        }

        Optional<SortEntry> next() throws IOException {
            int keyLength;
            try {
                keyLength = in.readInt();
            } catch (EOFException end) {
                return Optional.empty();
            }
            byte[] key = in.readNBytes(keyLength);
            long ordinal = in.readLong();
            byte[] value = in.readNBytes(in.readInt());
            return Optional.of(new SortEntry(key, ordinal, value));
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
