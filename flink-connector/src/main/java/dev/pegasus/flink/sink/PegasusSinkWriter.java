package dev.pegasus.flink.sink;

import dev.pegasus.client.ClientOptions;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusTable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the elements of one sink subtask to Pegasus. Records are queued per partition and sent in
 * batches ({@link BatchWriter}), at most one batch per partition and {@code maxInFlightBatches} in all
 * at a time, their requests at most {@code maxInFlightRequests} at a time. Every state change happens on the task thread: answers from the client come back as mails
 * to the task's mailbox, and waiting for room (backpressure) or for a flush yields to that mailbox.
 *
 * <p>Delivery is at-least-once: {@link #flush} returns only once every record taken so far is
 * acknowledged, and Flink flushes before each checkpoint barrier and at the end of input, so a
 * checkpoint never covers a record that is not in the table. A batch that fails with a retriable error
 * is sent again after a backoff, keeping its partition's order; a non-retriable error, or a retriable one
 * after {@code maxRetries} retries, fails the task with an exception naming the table and the record.
 */
final class PegasusSinkWriter<T> implements SinkWriter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(PegasusSinkWriter.class);

    private final PegasusSinkOptions options;
    private final PegasusSerializer<T> serializer;
    private final MailboxExecutor mailbox;
    private final ProcessingTimeService timers;
    private final PegasusClient client;
    private final PegasusTable table;
    private final BatchWriter batchWriter;
    private final PartitionBuffers buffers;
    private final SinkMetrics metrics;
    /** Invariant: records taken by {@link #write} and not yet acknowledged, queued or in flight. */
    private int unacknowledged;
    /** Invariant: batches sent or waiting to be resent and not yet answered; each holds its partition busy. */
    private int inFlight;
    private ScheduledFuture<?> flushTimer;

    PegasusSinkWriter(PegasusSinkOptions options, PegasusSerializer<T> serializer, WriterInitContext context) {
        this.options = options;
        this.serializer = serializer;
        this.mailbox = context.getMailboxExecutor();
        this.timers = context.getProcessingTimeService();
        this.client = PegasusClient.open(ClientOptions.builder().metaServers(options.metaServers())
                .operationTimeout(options.operationTimeout()).build());
        try {
            this.table = client.openTable(options.table());
        } catch (RuntimeException e) {
            client.close();
            throw new IllegalStateException("Pegasus sink: cannot open table '" + options.table() + "' through meta servers "
                    + options.metaServers() + ": " + e.getMessage(), e);
        }
        this.batchWriter = new BatchWriter(table, new RequestGate(options.maxInFlightRequests()),
                client.options().maxRequestBytes() / 2);
        this.buffers = new PartitionBuffers(options.maxBatchSize());
        this.metrics = new SinkMetrics(context.metricGroup(), () -> unacknowledged, () -> inFlight);
        scheduleFlush();
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        PegasusRecord record = serialize(element);
        int partition = record.partitionIndex(table.partitionCount());
        unacknowledged++;
        boolean full = buffers.add(partition, new PendingWrite(record, System.nanoTime()));
        if (full) {
            sendBatches(true);
        }
        while (unacknowledged >= options.maxBufferedRecords()) {
            sendBatches(false);
            mailbox.yield();
        }
    }

    private PegasusRecord serialize(T element) {
        PegasusRecord record;
        try {
            record = serializer.serialize(element);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Pegasus sink for table '" + options.table()
                    + "': the serializer rejected an element: " + e.getMessage(), e);
        }
        if (record == null) {
            throw new IllegalArgumentException("Pegasus sink for table '" + options.table()
                    + "': the serializer returned null for an element");
        }
        return record;
    }

    /** Sends every record taken so far and waits, yielding to the mailbox, until all are acknowledged. */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        while (unacknowledged > 0) {
            sendBatches(false);
            mailbox.yield();
        }
    }

    /** Sends batches while there is room in flight. @param fullOnly only full batches */
    private void sendBatches(boolean fullOnly) {
        while (inFlight < options.maxInFlightBatches()) {
            Optional<PartitionBuffers.Batch> batch = buffers.takeBatch(fullOnly);
            if (batch.isEmpty()) {
                return;
            }
            inFlight++;
            send(batch.get().partition(), batch.get().records(), 0);
        }
    }

    private void send(int partition, List<PendingWrite> records, int retry) {
        long sentNanos = System.nanoTime();
        batchWriter.write(records).whenComplete((outcome, bug) -> mailbox.execute(
                () -> answered(partition, outcome, retry, sentNanos, bug), "Pegasus batch answered"));
    }

    private void answered(int partition, BatchOutcome outcome, int retry, long sentNanos, Throwable bug) throws IOException {
        if (bug != null) {
            throw new IOException("Pegasus sink for table '" + options.table() + "': writing a batch failed", bug);
        }
        metrics.batchAnswered(outcome, sentNanos, System.nanoTime());
        unacknowledged -= outcome.written().size();
        if (outcome.error().isEmpty()) {
            inFlight--;
            buffers.release(partition);
            sendBatches(true);
            return;
        }
        Throwable error = outcome.error().get();
        PegasusRecord first = outcome.unwritten().get(0).record();
        if (!RetriableErrors.isRetriable(error)) {
            throw new PegasusSinkException("Pegasus sink: writing " + first + " to table '" + options.table()
                    + "' failed with an error that a retry cannot fix: " + error.getMessage(), error);
        }
        if (retry >= options.maxRetries()) {
            throw new PegasusSinkException("Pegasus sink: writing " + first + " to table '" + options.table()
                    + "' still failed after " + retry + " retries: " + error.getMessage(), error);
        }
        long backoffMs = options.backoff(retry + 1).toMillis();
        LOG.warn("Pegasus sink: {} records of partition {} of table '{}' not written ({}); retry {} in {} ms",
                outcome.unwritten().size(), partition, options.table(), error.getMessage(), retry + 1, backoffMs);
        metrics.retried();
        List<PendingWrite> again = outcome.unwritten();
        // The partition stays busy during the backoff, so records that came later cannot overtake these.
        timers.registerTimer(timers.getCurrentProcessingTime() + backoffMs, time -> send(partition, again, retry + 1));
    }

    /** A partial batch does not wait for more records longer than the flush interval. */
    private void scheduleFlush() {
        flushTimer = timers.registerTimer(timers.getCurrentProcessingTime() + options.flushInterval().toMillis(), time -> {
            sendBatches(false);
            scheduleFlush();
        });
    }

    @Override
    public void close() {
        if (flushTimer != null) {
            flushTimer.cancel(false);
        }
        if (unacknowledged > 0) {
            LOG.info("Pegasus sink for table '{}' closed with {} records not acknowledged; no checkpoint covers them, "
                    + "so a restart replays them", options.table(), unacknowledged);
        }
        client.close();
    }
}
