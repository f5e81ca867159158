package dev.pegasus.bench.ycsb;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.htrace.core.HTraceConfiguration;
import org.apache.htrace.core.Tracer;
import site.ycsb.Client;
import site.ycsb.ClientThread;
import site.ycsb.DB;
import site.ycsb.DBFactory;
import site.ycsb.Workload;
import site.ycsb.measurements.Measurements;

/**
 * {@code site.ycsb.Client} preceded, in the same JVM, by an unmeasured run of the same workload
 * against the same system for {@code warmup.seconds}. A client that has served for a while has its
 * hot paths compiled; a fresh YCSB JVM spends a large share of a short run in the JIT compiler,
 * more for a client library with more code (Netty and Thrift) than for a small one, which would
 * measure compilation rather than the store. Every system goes through the same warm-up.
 * Arguments are {@code site.ycsb.Client}'s; the measured run is exactly that client's.
 */
public final class WarmedYcsbClient {
    private static final String WARMUP_SECONDS = "warmup.seconds";

    private WarmedYcsbClient() {}

    public static void main(String[] args) throws Exception {
        Properties props = parseLikeYcsb(args);
        int seconds = Integer.parseInt(props.getProperty(WARMUP_SECONDS, "0"));
        // A load inserts each record once; a second pass would insert past the records measured.
        if (seconds > 0 && Boolean.parseBoolean(props.getProperty(Client.DO_TRANSACTIONS_PROPERTY, "true"))) {
            warmUp(props, seconds);
        }
        Client.main(args);
    }

    private static void warmUp(Properties props, int seconds) throws Exception {
        Measurements.setProperties(props);
        Workload workload = (Workload) Class.forName(props.getProperty(Client.WORKLOAD_PROPERTY))
                .getDeclaredConstructor().newInstance();
        workload.init(props);
        int threads = Integer.parseInt(props.getProperty(Client.THREAD_COUNT_PROPERTY, "1"));
        Tracer tracer = new Tracer.Builder("warmup").conf(HTraceConfiguration.fromMap(Map.of())).build();
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> running = new ArrayList<>();
        for (int id = 0; id < threads; id++) {
            DB db = DBFactory.newDB(props.getProperty(Client.DB_PROPERTY), props, tracer);
            ClientThread client = new ClientThread(db, true, workload, props, 0, -1, done);
            client.setThreadId(id);
            client.setThreadCount(threads);
            Thread thread = new Thread(client, "warmup-" + id);
            thread.start();
            running.add(thread);
        }
        done.await(seconds, TimeUnit.SECONDS);
        workload.requestStop();
        for (Thread thread : running) {
            thread.join();
        }
        workload.cleanup();
        forgetMeasurements();
        System.err.println("warm-up: " + seconds + " s of the same workload, not measured");
    }

    /** The measured run must start from empty histograms; YCSB keeps them in a static singleton. */
    private static void forgetMeasurements() throws ReflectiveOperationException {
        Field singleton = Measurements.class.getDeclaredField("singleton");
        singleton.setAccessible(true);
        singleton.set(null, null);
    }

    private static Properties parseLikeYcsb(String[] args) throws ReflectiveOperationException {
        Method parse = Client.class.getDeclaredMethod("parseArguments", String[].class);
        parse.setAccessible(true);
        return (Properties) parse.invoke(null, (Object) args);
    }
}
