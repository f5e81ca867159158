package dev.pegasus.bulkload;

import dev.pegasus.client.BulkLoad;
import dev.pegasus.client.BulkLoadStatus;
import dev.pegasus.client.Progress;
import dev.pegasus.client.PegasusClient;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Follows a started bulk load until it ends or a deadline passes, reporting its progress whenever it
 * changes: the wait of {@code bulkload start}, and of a Spark write with {@code method=bulkload}.
 */
public final class BulkLoadFollower {
    private static final EnumSet<BulkLoadStatus> RUNNING = EnumSet.of(BulkLoadStatus.DOWNLOADING,
            BulkLoadStatus.INGESTING);

    private BulkLoadFollower() {
    }

    /**
     * The load's last status as it was read, and whether it ended before the deadline.
     *
     * @param table the table the load goes into, for the advice of a message
     */
    public record Outcome(String loadId, String table, BulkLoad last, boolean finished, Duration waited) {
        public boolean succeeded() {
            return finished && last.status() == BulkLoadStatus.SUCCEEDED;
        }

        /** Why the load did not succeed, in one line; empty when it did. */
        public Optional<String> problem() {
            if (!finished) {
                return Optional.of("bulk load " + loadId + " still running after " + waited.toSeconds()
                        + " s; follow it with `bulkload status --table " + table + "`");
            }
            if (succeeded()) {
                return Optional.empty();
            }
            return Optional.of("bulk load " + loadId + " " + BulkLoadStatusCommand.name(last.status())
                    + last.error().map(error -> ": " + error).orElse(""));
        }
    }

    /**
     * Polls the load's status once a second until it is neither downloading nor ingesting.
     *
     * @param progress gets one line whenever the load's summary changes
     */
    public static Outcome follow(PegasusClient client, String table, String loadId, Duration timeout,
            Consumer<String> progress) throws InterruptedException {
        Progress.Followed<BulkLoad> followed = Progress.follow(progress, timeout,
                () -> client.admin().bulkLoadStatus(null, loadId).get(0), BulkLoadStatusCommand::summary,
                load -> !RUNNING.contains(load.status()));
        return new Outcome(loadId, table, followed.last(), followed.finished(), timeout);
    }
}
