package dev.pegasus.bench.bulkload;

import dev.pegasus.client.ClientOptions;
import dev.pegasus.client.FullKeyValue;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusTable;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The baseline of the bulk load benchmark: writes the rows of a CSV file ({@code hash_key,sort_key,value},
 * unquoted) through the client's batch API, {@code --batch} rows per call with {@code --in-flight}
 * calls outstanding, until the file ends or the time limit passes. Prints one line: rows written and
 * rows per second.
 */
@Command(name = "batch-set-loader", mixinStandardHelpOptions = true)
public final class BatchSetLoader implements Callable<Integer> {
    @Option(names = "--meta", required = true)
    String meta;
    @Option(names = "--table", required = true)
    String table;
    @Option(names = "--input", required = true)
    Path input;
    @Option(names = "--batch", defaultValue = "100")
    int batch;
    @Option(names = "--in-flight", defaultValue = "16")
    int inFlight;
    @Option(names = "--time-limit-s", defaultValue = "300")
    int timeLimitSeconds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BatchSetLoader()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ClientOptions options = ClientOptions.builder().metaServers(meta).operationTimeout(Duration.ofSeconds(30))
                .build();
        try (PegasusClient client = PegasusClient.open(options);
             BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            PegasusTable target = client.openTable(table);
            Semaphore slots = new Semaphore(inFlight);
            AtomicLong written = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            long started = System.nanoTime();
            long deadline = started + Duration.ofSeconds(timeLimitSeconds).toNanos();
            boolean cut = false;
            List<FullKeyValue> rows = new ArrayList<>(batch);
            for (String line = in.readLine(); ; line = in.readLine()) {
                if (line != null) {
                    int first = line.indexOf(',');
                    int second = line.indexOf(',', first + 1);
                    rows.add(new FullKeyValue(line.substring(0, first).getBytes(StandardCharsets.UTF_8),
                            line.substring(first + 1, second).getBytes(StandardCharsets.UTF_8),
                            line.substring(second + 1).getBytes(StandardCharsets.UTF_8)));
                }
                if (rows.size() == batch || (line == null && !rows.isEmpty())) {
                    slots.acquire();
                    List<FullKeyValue> sent = rows;
                    CompletableFuture<Void> call = target.asyncBatchSet(sent, 0);
                    call.whenComplete((done, failure) -> {
                        (failure == null ? written : failed).addAndGet(sent.size());
                        slots.release();
                    });
                    rows = new ArrayList<>(batch);
                }
                if (line == null) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    cut = true;
                    break;
                }
            }
            slots.acquire(inFlight);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("batch-set: %d rows in %.1f s, %.0f rows/s, %d failed%s%n", written.get(), seconds,
                    written.get() / seconds, failed.get(), cut ? " (stopped at the time limit)" : "");
            return failed.get() == 0 ? 0 : 1;
        }
    }
}
