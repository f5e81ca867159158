package dev.pegasus.flink.sink;

import java.util.function.IntSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The sink's metrics. Flink's standard sink metrics ({@code numRecordsSend}, {@code numBytesSend},
 * {@code numRecordsSendErrors}, {@code currentSendTime}) plus, in the group {@code pegasus}:
 * {@code retries} (batches sent again), {@code writeLatencyMs} (from the sink taking a record to
 * Pegasus acknowledging it), {@code bufferedRecords} and {@code inFlightBatches}.
 */
final class SinkMetrics {
    static final String GROUP = "pegasus";
    static final String RETRIES = "retries";
    static final String WRITE_LATENCY = "writeLatencyMs";
    static final String BUFFERED_RECORDS = "bufferedRecords";
    static final String IN_FLIGHT_BATCHES = "inFlightBatches";
    private static final int LATENCY_WINDOW = 10_000;

    private final Counter recordsSent;
    private final Counter bytesSent;
    private final Counter sendErrors;
    private final Counter retries;
    private final Histogram writeLatencyMs;
    private volatile long lastSendTimeMs;

    SinkMetrics(SinkWriterMetricGroup group, IntSupplier bufferedRecords, IntSupplier inFlightBatches) {
        this.recordsSent = group.getNumRecordsSendCounter();
        this.bytesSent = group.getNumBytesSendCounter();
        this.sendErrors = group.getNumRecordsSendErrorsCounter();
        group.setCurrentSendTimeGauge(() -> lastSendTimeMs);
        MetricGroup pegasus = group.addGroup(GROUP);
        this.retries = pegasus.counter(RETRIES);
        this.writeLatencyMs = pegasus.histogram(WRITE_LATENCY, new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
        pegasus.gauge(BUFFERED_RECORDS, bufferedRecords::getAsInt);
        pegasus.gauge(IN_FLIGHT_BATCHES, inFlightBatches::getAsInt);
    }

    void batchAnswered(BatchOutcome outcome, long sentNanos, long nowNanos) {
        lastSendTimeMs = (nowNanos - sentNanos) / 1_000_000;
        for (PendingWrite write : outcome.written()) {
            recordsSent.inc();
            bytesSent.inc(write.record().sizeInBytes());
            writeLatencyMs.update((nowNanos - write.receivedNanos()) / 1_000_000);
        }
        sendErrors.inc(outcome.unwritten().size());
    }

    void retried() {
        retries.inc();
    }
}
