package dev.pegasus.bench.ycsb;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.htrace.core.HTraceConfiguration;
import org.apache.htrace.core.Tracer;
import site.ycsb.Client;
import site.ycsb.ClientThread;
import site.ycsb.DBFactory;
import site.ycsb.Workload;
import site.ycsb.measurements.Measurements;

/**
 * Runs several YCSB phases one after the other in one JVM: each phase takes the arguments of
 * {@code site.ycsb.Client} (a load or a workload, its properties, its {@code exportfile}) and
 * phases are separated by {@code --then}. One JVM per system means the client library is compiled
 * once, during the load and an unmeasured first phase, instead of in every measured run: a fresh
 * JVM spends seconds of a short run in the JIT compiler, more for a client built on Netty and
 * Thrift or gRPC than for a small one, which would measure compilation rather than the store.
 * Each phase starts from empty histograms and reports in YCSB's own format. A load that inserts
 * fewer records than asked stops the run, since later reads would miss.
 *
 * <p>A phase with {@value #STEADY_ROUND} set (seconds) is a warm-up that runs in rounds of that length
 * until two rounds in a row are no more than {@value #STEADY_GAIN} (a fraction, default 0.05) faster
 * than the best round before them, or until its {@code maxexecutiontime} is spent: a JVM server keeps
 * compiling its hot paths for minutes on a small machine, and a store that needs no warm-up stops
 * after three rounds. Two rounds, not one, because one round can be slow on a noisy machine.
 * Its export file holds the last round's report.
 */
public final class YcsbPhases {
    private static final String SEPARATOR = "--then";
    static final String STEADY_ROUND = "ycsbphases.steadyround";
    static final String STEADY_GAIN = "ycsbphases.steadygain";

    private YcsbPhases() {}

    public static void main(String[] args) throws Exception {
        for (String[] phase : split(args)) {
            Properties props = parseLikeYcsb(phase);
            if (!Client.checkRequiredProperties(props)) {
                throw new IllegalArgumentException("YCSB phase lacks required properties: " + String.join(" ", phase));
            }
            if (props.containsKey(STEADY_ROUND)) {
                warmUntilSteady(props);
            } else {
                run(props);
            }
        }
        System.exit(0);   // the stores' client libraries may leave non-daemon threads behind
    }

    private static List<String[]> split(String[] args) {
        List<String[]> phases = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= args.length; i++) {
            if (i == args.length || args[i].equals(SEPARATOR)) {
                if (i > start) {
                    phases.add(Arrays.copyOfRange(args, start, i));
                }
                start = i + 1;
            }
        }
        return phases;
    }

    private static void warmUntilSteady(Properties props) throws Exception {
        long roundSeconds = Long.parseLong(props.getProperty(STEADY_ROUND));
        double gain = Double.parseDouble(props.getProperty(STEADY_GAIN, "0.05"));
        long limitMs = TimeUnit.SECONDS.toMillis(Long.parseLong(props.getProperty(Client.MAX_EXECUTION_TIME, "0")));
        if (roundSeconds <= 0 || limitMs <= 0) {
            throw new IllegalArgumentException("a warm-up needs " + STEADY_ROUND + " and " + Client.MAX_EXECUTION_TIME
                    + " above 0, got " + roundSeconds + " and " + limitMs / 1000);
        }
        Properties round = new Properties();
        round.putAll(props);
        round.setProperty(Client.MAX_EXECUTION_TIME, Long.toString(roundSeconds));
        long startMs = System.currentTimeMillis();
        double best = 0;
        int flatRounds = 0;
        for (int i = 1; ; i++) {
            double opsPerSecond = run(round);
            System.out.printf("warm-up round %d: %.0f ops/s%n", i, opsPerSecond);
            flatRounds = i > 1 && opsPerSecond <= best * (1 + gain) ? flatRounds + 1 : 0;
            best = Math.max(best, opsPerSecond);
            if (flatRounds == 2 || System.currentTimeMillis() - startMs + TimeUnit.SECONDS.toMillis(roundSeconds) > limitMs) {
                return;
            }
        }
    }

    /** Runs one phase and returns its throughput in operations per second. */
    private static double run(Properties props) throws Exception {
        forgetMeasurements();
        Measurements.setProperties(props);
        Workload workload = (Workload) Class.forName(props.getProperty(Client.WORKLOAD_PROPERTY))
                .getDeclaredConstructor().newInstance();
        workload.init(props);
        boolean transactions = Boolean.parseBoolean(props.getProperty(Client.DO_TRANSACTIONS_PROPERTY, "true"));
        int operations = operationCount(props, transactions);
        int threads = Integer.parseInt(props.getProperty(Client.THREAD_COUNT_PROPERTY, "1"));
        long limitSeconds = Long.parseLong(props.getProperty(Client.MAX_EXECUTION_TIME, "0"));
        Tracer tracer = new Tracer.Builder("ycsb").conf(HTraceConfiguration.fromMap(Map.of())).build();

        CountDownLatch finished = new CountDownLatch(threads);
        List<ClientThread> clients = new ArrayList<>();
        for (int id = 0; id < threads; id++) {
            int share = operations / threads + (id < operations % threads ? 1 : 0);
            ClientThread client = new ClientThread(DBFactory.newDB(props.getProperty(Client.DB_PROPERTY), props, tracer),
                    transactions, workload, props, share, -1, finished);
            client.setThreadId(id);
            client.setThreadCount(threads);
            clients.add(client);
        }
        long startMs = System.currentTimeMillis();
        List<Thread> running = new ArrayList<>();
        for (ClientThread client : clients) {
            Thread thread = new Thread(client, "ycsb-" + running.size());
            thread.start();
            running.add(thread);
        }
        if (limitSeconds > 0 && !finished.await(limitSeconds, TimeUnit.SECONDS)) {
            workload.requestStop();
        }
        for (Thread thread : running) {
            thread.join();
        }
        long runtimeMs = System.currentTimeMillis() - startMs;
        workload.cleanup();
        int done = clients.stream().mapToInt(ClientThread::getOpsDone).sum();
        export(props, done, runtimeMs);
        if (!transactions && done < operations) {
            throw new IllegalStateException("the load inserted " + done + " of " + operations + " records in "
                    + runtimeMs + " ms");
        }
        return done * 1000.0 / Math.max(1, runtimeMs);
    }

    /** As {@code site.ycsb.Client}: a load inserts insertcount records, or recordcount if unset. */
    private static int operationCount(Properties props, boolean transactions) {
        String key = transactions ? Client.OPERATION_COUNT_PROPERTY
                : props.containsKey(Client.INSERT_COUNT_PROPERTY) ? Client.INSERT_COUNT_PROPERTY
                : Client.RECORD_COUNT_PROPERTY;
        return Integer.parseInt(props.getProperty(key, "0"));
    }

    /** YCSB keeps its histograms in a static singleton; each phase must start from empty ones. */
    private static void forgetMeasurements() throws ReflectiveOperationException {
        Field singleton = Measurements.class.getDeclaredField("singleton");
        singleton.setAccessible(true);
        singleton.set(null, null);
    }

    /** YCSB's own argument parsing, so that a phase means exactly what it means to {@code site.ycsb.Client}. */
    private static Properties parseLikeYcsb(String[] args) throws ReflectiveOperationException {
        Method parse = Client.class.getDeclaredMethod("parseArguments", String[].class);
        parse.setAccessible(true);
        return (Properties) parse.invoke(null, (Object) args);
    }

    /** YCSB's own report ([OVERALL] run time and throughput, GC, every operation's histogram). */
    private static void export(Properties props, int operations, long runtimeMs) throws ReflectiveOperationException {
        Method export = Client.class.getDeclaredMethod("exportMeasurements", Properties.class, int.class, long.class);
        export.setAccessible(true);
        export.invoke(null, props, operations, runtimeMs);
    }
}
