package dev.pegasus.server.replica.learn;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.rpc.RpcException;
import dev.pegasus.protocol.thrift.checkpoint_chunk;
import dev.pegasus.server.replica.storage.StoreDirectories;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * One checkpoint arriving at a learner, written under its own staging directory as the chunks come.
 * It accepts only what a {@link ChunkReader} produces: files one at a time, each from offset 0 in
 * contiguous chunks, its CRC32C checked on its last chunk. Any violation throws an {@link
 * RpcException} with the code to answer, and the caller then {@link #discard discards} the
 * transfer. Confined to the receiver's thread.
 */
final class StagedTransfer {
    private final Gpid gpid;
    private final long decree;
    private final Path dir;
    /** Names of files begun, the current one included. */
    private final Set<String> files = new HashSet<>();
    /** Invariant: open exactly while a file is begun and its last chunk not yet accepted. */
    private FileChannel current;
    private String currentName;
    private final CRC32C currentCrc = new CRC32C();
    /** Invariant: bytes of the current file written so far, so the offset its next chunk must carry. */
    private long expectedOffset;
    private long bytes;
    private long lastActivityNanos;
    private boolean complete;
    /** Set by {@link #discard}; a discarded transfer accepts nothing and owns no directory. */
    private boolean discarded;

    private StagedTransfer(Gpid gpid, long decree, Path dir, long nowNanos) {
        this.gpid = gpid;
        this.decree = decree;
        this.dir = dir;
        this.lastActivityNanos = nowNanos;
    }

    /** Starts a transfer in {@code <stagingRoot>/<app>.<partition>.<decree>}, replacing any leftover there. */
    static StagedTransfer begin(Path stagingRoot, Gpid gpid, long decree, long nowNanos) throws IOException {
        Path dir = stagingRoot.resolve(gpid.appId() + "." + gpid.partitionIndex() + "." + decree);
        StoreDirectories.deleteRecursively(dir);
        Files.createDirectories(dir);
        return new StagedTransfer(gpid, decree, dir, nowNanos);
    }

    long decree() {
        return decree;
    }

    Path dir() {
        return dir;
    }

    long bytes() {
        return bytes;
    }

    long lastActivityNanos() {
        return lastActivityNanos;
    }

    boolean isDiscarded() {
        return discarded;
    }

    /** Whether a chunk at offset 0 of this file would begin it again: a sender restarting from scratch. */
    boolean hasBegun(String fileName) {
        return files.contains(fileName);
    }

    /**
     * Writes the chunk. After the {@code last} chunk every file is fsynced, and so is the directory.
     *
     * @return whether the transfer is complete, ready to install
     * @throws RpcException ERR_INVALID_DATA for a chunk out of place, ERR_WRONG_CHECKSUM for a file
     *     whose bytes do not match its CRC32C, ERR_FILE_OPERATION_FAILED when the disk fails
     */
    boolean accept(checkpoint_chunk chunk, long nowNanos) {
        if (discarded || complete) {
            throw new RpcException(ErrorCode.ERR_INVALID_STATE, "transfer of " + gpid + " at decree " + decree
                    + " is " + (discarded ? "aborted" : "already complete"));
        }
        lastActivityNanos = nowNanos;
        try {
            beginFileIfNew(chunk);
            write(chunk);
            if (chunk.isLast_of_file()) {
                finishFile(chunk.getFile_crc());
            } else if (chunk.isLast()) {
                throw invalid("the last chunk is not the last of its file " + currentName);
            }
            if (chunk.isLast()) {
                StoreDirectories.syncDirectory(dir);
                complete = true;
            }
            return complete;
        } catch (IOException e) {
            throw new RpcException(ErrorCode.ERR_FILE_OPERATION_FAILED, "cannot stage " + chunk.getFile_name()
                    + " of " + gpid + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void beginFileIfNew(checkpoint_chunk chunk) throws IOException {
        String name = chunk.getFile_name();
        if (current != null) {
            if (!name.equals(currentName)) {
                throw invalid("file " + name + " began before " + currentName + " ended");
            }
            return;
        }
        if (!isPlainFileName(name)) {
            throw invalid("'" + name + "' is not a plain file name");
        }
        if (!files.add(name)) {
            throw invalid("file " + name + " was already received");
        }
        current = FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        currentName = name;
        currentCrc.reset();
        expectedOffset = 0;
    }

    private void write(checkpoint_chunk chunk) throws IOException {
        if (chunk.getOffset() != expectedOffset) {
            throw invalid("chunk of " + currentName + " at offset " + chunk.getOffset() + ", expected "
                    + expectedOffset);
        }
        byte[] data = chunk.isSetData() ? chunk.getData() : new byte[0];
        int length = data.length;
        currentCrc.update(data, 0, length);
        ByteBuffer toWrite = ByteBuffer.wrap(data);
        while (toWrite.hasRemaining()) {
            current.write(toWrite);
        }
        expectedOffset += length;
        bytes += length;
    }

    private void finishFile(long expectedCrc) throws IOException {
        if (currentCrc.getValue() != expectedCrc) {
            throw new RpcException(ErrorCode.ERR_WRONG_CHECKSUM, "file " + currentName + " of " + gpid
                    + " has CRC32C " + Long.toHexString(currentCrc.getValue()) + ", the sender's is "
                    + Long.toHexString(expectedCrc));
        }
        current.force(true);
        closeCurrent();
    }

    /** Deletes whatever was staged. Idempotent. */
    void discard() throws IOException {
        discarded = true;
        try {
            closeCurrent();
        } finally {
            StoreDirectories.deleteRecursively(dir);
        }
    }

    private void closeCurrent() throws IOException {
        if (current != null) {
            FileChannel open = current;
            current = null;
            open.close();
        }
    }

    private RpcException invalid(String message) {
        return new RpcException(ErrorCode.ERR_INVALID_DATA, "transfer of " + gpid + " at decree " + decree + ": "
                + message);
    }

    private static boolean isPlainFileName(String name) {
        return name != null && !name.isEmpty() && !name.equals(".") && !name.equals("..")
                && name.indexOf('/') < 0 && name.indexOf('\\') < 0 && name.indexOf('\0') < 0;
    }
}
