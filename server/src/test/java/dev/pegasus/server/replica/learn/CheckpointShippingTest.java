package dev.pegasus.server.replica.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.rpc.RpcException;
import dev.pegasus.server.replica.storage.CheckpointFile;
import dev.pegasus.server.replica.storage.StoreCheckpoint;
import dev.pegasus.server.replica.storage.StoreContents;
import dev.pegasus.server.testing.Await;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A primary's checkpoint shipped over real RPC to a learner that installs it. */
class CheckpointShippingTest extends TransferTestSupport {
    private final CheckpointShipper shipper = new CheckpointShipper();

    @Test
    void aFiftyMegabyteStoreArrivesWhole() throws Exception {
        fillSource(50_000, 1000, 42);
        StoreCheckpoint checkpoint = checkpointSource();
        long ssts = checkpoint.files().stream().filter(file -> file.name().endsWith(".sst")).count();
        assertTrue(ssts >= 3, "only " + ssts + " SST files");

        long started = System.nanoTime();
        boolean installed = shipper.ship(rpc, learnerAddress, GPID, PRIMARY, checkpoint)
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - started) / 1e9;

        assertTrue(installed);
        System.out.printf("checkpoint transfer: %d files, %.1f MB in %.3f s = %.1f MB/s (install included)%n",
                checkpoint.files().size(), checkpoint.totalBytes() / 1e6, seconds,
                checkpoint.totalBytes() / 1e6 / seconds);
        assertEquals(source.lastAppliedDecree(), checkpoint.decree());
        assertEquals(checkpoint.decree(), learner.lastAppliedDecree());
        assertEquals(StoreContents.fingerprint(source), StoreContents.fingerprint(learner));
        assertFalse(Files.exists(checkpoint.dir()), "the shipped checkpoint is deleted");
        assertTrue(stagingIsEmpty());
    }

    @Test
    void aByteFlippedInFlightFailsTheChecksumAndInstallsNothing() throws Exception {
        fillSource(3_000, 1000, 7);
        StoreCheckpoint checkpoint = checkpointSource();
        CheckpointFile victim = checkpoint.files().stream().filter(file -> file.name().endsWith(".sst"))
                .findFirst().orElseThrow();
        interceptor = (context, chunk) -> {
            if (chunk.getFile_name().equals(victim.name()) && chunk.getOffset() == 0) {
                byte[] data = chunk.getData();
                data[data.length / 2] ^= 0x01;
            }
            return receiver.handle(context, chunk);
        };

        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> shipper.ship(rpc, learnerAddress, GPID, PRIMARY, checkpoint).get(TIMEOUT_SECONDS, TimeUnit.SECONDS));

        RpcException error = assertInstanceOf(RpcException.class, failure.getCause());
        assertEquals(ErrorCode.ERR_WRONG_CHECKSUM, error.code());
        assertTrue(error.getMessage().contains(victim.name()), error.getMessage());
        assertEquals(0, installs.get());
        assertEquals(0, learner.lastAppliedDecree());
        assertFalse(Files.exists(checkpoint.dir()), "a failed checkpoint is deleted too");
        Await.until("staging emptied", Duration.ofSeconds(10), this::stagingIsEmpty);
    }

    @Test
    void aLearnerThatDeclinesAnswersNotInstalled() throws Exception {
        fillSource(100, 100, 1);
        accepting = false;

        boolean installed = shipper.ship(rpc, learnerAddress, GPID, PRIMARY, checkpointSource())
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertFalse(installed);
        assertEquals(0, learner.lastAppliedDecree());
        Await.until("staging emptied", Duration.ofSeconds(10), this::stagingIsEmpty);
    }

    @Test
    void anUnreachableLearnerFailsTheShipment() throws Exception {
        fillSource(100, 100, 1);
        StoreCheckpoint checkpoint = checkpointSource();
        server.close();

        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> shipper.ship(rpc, learnerAddress, GPID, PRIMARY, checkpoint).get(TIMEOUT_SECONDS, TimeUnit.SECONDS));

        assertEquals(ErrorCode.ERR_SESSION_RESET, assertInstanceOf(RpcException.class, failure.getCause()).code());
        assertFalse(Files.exists(checkpoint.dir()));
    }

    @Test
    void aCheckpointWithoutFilesIsRefusedAndDeleted() throws Exception {
        StoreCheckpoint empty = new StoreCheckpoint(Files.createDirectories(tempDir.resolve("empty")), 1, List.of());

        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> shipper.ship(rpc, learnerAddress, GPID, PRIMARY, empty).get(TIMEOUT_SECONDS, TimeUnit.SECONDS));

        assertEquals(ErrorCode.ERR_INVALID_PARAMETERS, assertInstanceOf(RpcException.class, failure.getCause()).code());
        assertFalse(Files.exists(empty.dir()));
    }

    @Test
    void aSecondCheckpointReplacesTheFirstOnTheLearner() throws Exception {
        fillSource(1_000, 200, 1);
        assertTrue(shipper.ship(rpc, learnerAddress, GPID, PRIMARY, checkpointSource())
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        fillSource(1_000, 200, 2);

        assertTrue(shipper.ship(rpc, learnerAddress, GPID, PRIMARY, checkpointSource())
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS));

        assertEquals(source.lastAppliedDecree(), learner.lastAppliedDecree());
        assertEquals(StoreContents.fingerprint(source), StoreContents.fingerprint(learner));
        assertEquals(2, installs.get());
    }
}
