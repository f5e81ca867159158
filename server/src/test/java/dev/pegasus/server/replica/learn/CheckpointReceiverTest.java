package dev.pegasus.server.replica.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.thrift.checkpoint_chunk;
import dev.pegasus.protocol.thrift.checkpoint_chunk_response;
import dev.pegasus.server.replica.storage.StoreCheckpoint;
import dev.pegasus.server.replica.storage.StoreContents;
import dev.pegasus.server.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The learner's checks, driven chunk by chunk over RPC. */
class CheckpointReceiverTest extends TransferTestSupport {
    private static final int CHUNK_BYTES = 4096;

    private StoreCheckpoint checkpoint;
    private List<checkpoint_chunk> chunks;

    @BeforeEach
    void checkpointASmallStore() throws Exception {
        fillSource(500, 100, 5);
        checkpoint = checkpointSource();
        chunks = chunksOf(checkpoint, CHUNK_BYTES);
    }

    @Test
    void everyChunkInOrderInstallsTheCheckpoint() throws Exception {
        checkpoint_chunk_response last = sendAll(chunks);

        assertEquals(ErrorCode.ERR_OK.name(), last.getErr());
        assertTrue(last.isInstalled());
        assertEquals(checkpoint.decree(), learner.lastAppliedDecree());
        assertEquals(StoreContents.fingerprint(source), StoreContents.fingerprint(learner));
        assertTrue(stagingIsEmpty());
    }

    @Test
    void aSkippedOffsetIsInvalidDataAndDiscardsTheTransfer() throws Exception {
        int first = firstChunkOfAFileWithThreeChunks();
        sendAll(chunks.subList(0, first + 1));
        assertEquals(List.of("3.1." + checkpoint.decree()), staged());

        assertError(ErrorCode.ERR_INVALID_DATA, send(chunks.get(first + 2)));

        assertTrue(stagingIsEmpty());
        assertError(ErrorCode.ERR_INVALID_DATA, send(chunks.get(first + 1)));
        assertTrue(stagingIsEmpty(), "chunks of an aborted transfer start nothing");
    }

    @Test
    void theNextFileOfAnAbortedTransferStartsNothing() throws Exception {
        int first = firstChunkOfAFileWithThreeChunks();
        sendAll(chunks.subList(0, first + 1));
        assertError(ErrorCode.ERR_INVALID_DATA, send(chunks.get(first + 2)));

        assertError(ErrorCode.ERR_INVALID_DATA, send(firstChunkOfTheFileAfter(first)));

        assertTrue(stagingIsEmpty());
    }

    @Test
    void anInterruptedTransferIsDiscardedOnceIdleForTheTimeout() throws Exception {
        int half = chunks.size() / 2;
        sendAll(chunks.subList(0, half));
        assertEquals(List.of("3.1." + checkpoint.decree()), staged());

        nanoClock.addAndGet(IDLE_TIMEOUT.toNanos() - 1);
        assertOk(send(chunks.get(half)));
        nanoClock.addAndGet(IDLE_TIMEOUT.toNanos() + 1);

        Await.until("the idle transfer is discarded", Duration.ofSeconds(10), this::stagingIsEmpty);
        assertError(ErrorCode.ERR_INVALID_DATA, send(chunks.get(half + 1)));
        assertEquals(0, learner.lastAppliedDecree());
    }

    @Test
    void aTransferAtAnotherDecreeReplacesAnUnfinishedOne() throws Exception {
        sendAll(chunks.subList(0, chunks.size() / 2));
        fillSource(100, 100, 6);
        StoreCheckpoint newer = checkpointSource();
        List<checkpoint_chunk> newerChunks = chunksOf(newer, CHUNK_BYTES);

        sendAll(newerChunks.subList(0, 1));
        assertEquals(List.of("3.1." + newer.decree()), staged());
        assertTrue(sendAll(newerChunks.subList(1, newerChunks.size())).isInstalled());

        assertEquals(newer.decree(), learner.lastAppliedDecree());
        assertTrue(stagingIsEmpty());
    }

    @Test
    void aSenderStartingOverAtTheSameDecreeReplacesItsTransfer() throws Exception {
        sendAll(chunks.subList(0, chunks.size() / 2));

        assertTrue(sendAll(chunks).isInstalled());

        assertEquals(checkpoint.decree(), learner.lastAppliedDecree());
        assertTrue(stagingIsEmpty());
    }

    @Test
    void aFileNameOutsideTheStagingDirectoryIsRefused() throws Exception {
        checkpoint_chunk evil = chunks.get(0).deepCopy().setFile_name("../escaped");

        assertError(ErrorCode.ERR_INVALID_DATA, send(evil));

        assertFalse(Files.exists(stagingRoot.resolveSibling("escaped")));
        assertTrue(stagingIsEmpty());
    }

    @Test
    void chunksArrivingWhileTheCheckpointInstallsAreAnsweredBusy() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        installGate = gate;
        sendAll(chunks.subList(0, chunks.size() - 1));
        CompletableFuture<checkpoint_chunk_response> last = rpc.call(learnerAddress,
                RpcMethods.REPLICA_CHECKPOINT_CHUNK, GPID, 0, chunks.get(chunks.size() - 1), 10_000);

        assertError(ErrorCode.ERR_BUSY, send(chunks.get(0)));

        gate.complete(null);
        assertTrue(last.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).isInstalled());
        assertEquals(checkpoint.decree(), learner.lastAppliedDecree());
    }

    @Test
    void aNewReceiverDeletesWhatAnEarlierOneLeftInTheStagingRoot() throws Exception {
        sendAll(chunks.subList(0, chunks.size() / 2));
        Path leftover = stagingRoot.resolve("3.1." + checkpoint.decree());
        assertTrue(Files.isDirectory(leftover));

        try (CheckpointReceiver restarted = new CheckpointReceiver(stagingRoot,
                (gpid, decree, dir) -> CompletableFuture.completedFuture(false))) {
            assertFalse(Files.exists(leftover));
        }
    }

    /** Sends the chunks one by one, each answered OK; returns the last answer. */
    private checkpoint_chunk_response sendAll(List<checkpoint_chunk> toSend) throws Exception {
        checkpoint_chunk_response response = null;
        for (checkpoint_chunk chunk : toSend) {
            response = send(chunk);
            assertOk(response);
        }
        return response;
    }

    /** Index of the first chunk of a file that has at least three chunks, not counting the last file. */
    private int firstChunkOfAFileWithThreeChunks() {
        for (int i = 0; i + 2 < chunks.size(); i++) {
            checkpoint_chunk chunk = chunks.get(i);
            if (chunk.getOffset() == 0 && !chunks.get(i + 1).isLast_of_file() && !chunks.get(i + 2).isLast()
                    && chunks.get(i + 2).getFile_name().equals(chunk.getFile_name())) {
                return i;
            }
        }
        throw new AssertionError("no file of " + CHUNK_BYTES + "-byte chunks spans three chunks");
    }

    private checkpoint_chunk firstChunkOfTheFileAfter(int index) {
        String file = chunks.get(index).getFile_name();
        return chunks.stream().skip(index).filter(chunk -> !chunk.getFile_name().equals(file)).findFirst()
                .orElseThrow();
    }

    private static void assertOk(checkpoint_chunk_response response) {
        assertEquals(ErrorCode.ERR_OK.name(), response.getErr());
    }

    private static void assertError(ErrorCode expected, checkpoint_chunk_response response) {
        assertEquals(expected.name(), response.getErr());
        assertFalse(response.isInstalled());
    }
}
