package dev.pegasus.server.replica.learn;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.checkpoint_chunk;
import dev.pegasus.server.replica.storage.CheckpointFile;
import dev.pegasus.server.replica.storage.StoreCheckpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Cuts a checkpoint into the chunks a learner receives: file after file in the checkpoint's order,
 * each file from offset 0 in contiguous chunks of at most {@code chunkBytes} (an empty file is one
 * empty chunk). A file's last chunk carries the CRC32C recorded when the checkpoint was taken, so
 * the learner also notices a file that changed on disk since; the very last chunk is flagged
 * {@code last}. Not thread-safe.
 */
final class ChunkReader implements AutoCloseable {
    private final StoreCheckpoint checkpoint;
    private final List<CheckpointFile> files;
    private final long packedGpid;
    private final long packedSender;
    private final int chunkBytes;
    /** Invariant: the file the next chunk comes from; {@code files.size()} when done. */
    private int fileIndex;
    /** Invariant: where in {@code files[fileIndex]} the next chunk starts. */
    private long offset;
    /** Open on {@code files[fileIndex]} once its first chunk is read, closed after its last. */
    private FileChannel channel;

    ChunkReader(StoreCheckpoint checkpoint, Gpid gpid, RpcAddress sender, int chunkBytes) {
        if (chunkBytes <= 0) {
            throw new IllegalArgumentException("chunk size must be positive: " + chunkBytes);
        }
        this.checkpoint = checkpoint;
        this.files = checkpoint.files();
        this.packedGpid = gpid.pack();
        this.packedSender = sender.pack();
        this.chunkBytes = chunkBytes;
    }

    boolean hasNext() {
        return fileIndex < files.size();
    }

    checkpoint_chunk next() throws IOException {
        if (!hasNext()) {
            throw new NoSuchElementException("every chunk of " + checkpoint.dir() + " was read");
        }
        CheckpointFile file = files.get(fileIndex);
        if (channel == null) {
            channel = FileChannel.open(checkpoint.dir().resolve(file.name()), StandardOpenOption.READ);
        }
        int length = (int) Math.min(chunkBytes, file.size() - offset);
        ByteBuffer data = ByteBuffer.allocate(length);
        while (data.hasRemaining()) {
            if (channel.read(data, offset + data.position()) < 0) {
                throw new IOException(file.name() + " is shorter than the " + file.size() + " bytes recorded");
            }
        }
        data.flip();
        boolean lastOfFile = offset + length == file.size();
        checkpoint_chunk chunk = new checkpoint_chunk()
                .setPid(packedGpid)
                .setSender(packedSender)
                .setDecree(checkpoint.decree())
                .setFile_name(file.name())
                .setOffset(offset)
                .setData(data)
                .setLast_of_file(lastOfFile)
                .setLast(lastOfFile && fileIndex == files.size() - 1)
                .setFile_crc(lastOfFile ? file.crc32c() : 0);
        offset += length;
        if (lastOfFile) {
            close();
            fileIndex++;
            offset = 0;
        }
        return chunk;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            FileChannel open = channel;
            channel = null;
            open.close();
        }
    }
}
