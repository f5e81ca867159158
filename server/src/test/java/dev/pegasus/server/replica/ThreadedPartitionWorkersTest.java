package dev.pegasus.server.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.Gpid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThreadedPartitionWorkersTest {
    private static final Gpid P = new Gpid(1, 0);
    private static final Gpid Q = new Gpid(1, 1);

    @Test
    void anIdlePartitionRunsATaskOnTheSubmittingThread() {
        try (ThreadedPartitionWorkers workers = new ThreadedPartitionWorkers(1)) {
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            workers.submit(P, () -> ranOn.set(Thread.currentThread()));
            assertSame(Thread.currentThread(), ranOn.get());
        }
    }

    @Test
    void aTaskSubmittedByARunningTaskRunsAfterIt() {
        try (ThreadedPartitionWorkers workers = new ThreadedPartitionWorkers(1)) {
            List<String> order = new ArrayList<>();
            workers.submit(P, () -> {
                workers.submit(P, () -> order.add("second"));
                order.add("first");
            });
            assertEquals(List.of("first", "second"), order);
        }
    }

    @Test
    void tasksHeldBackFromAReadRunTogetherAfterIt() {
        try (ThreadedPartitionWorkers workers = new ThreadedPartitionWorkers(1)) {
            List<String> order = new ArrayList<>();
            workers.submitAfterRead(P, () -> order.add("p1"));
            workers.submitAfterRead(Q, () -> order.add("q1"));
            workers.submitAfterRead(P, () -> order.add("p2"));
            assertTrue(order.isEmpty());
            workers.runAfterRead();
            assertEquals(List.of("p1", "p2", "q1"), order);
        }
    }

    @Test
    void aCallRunsOnAWorkerThreadInThePartitionsOrder() throws Exception {
        try (ThreadedPartitionWorkers workers = new ThreadedPartitionWorkers(1)) {
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            Thread caller = Thread.currentThread();
            String ranOn = workers.call(P, () -> {
                workers.submit(P, () -> order.add("after the call"));
                order.add("call");
                return Thread.currentThread().getName();
            }).get(5, TimeUnit.SECONDS);
            workers.call(P, () -> null).get(5, TimeUnit.SECONDS);
            assertTrue(ranOn.startsWith("partition-worker-"), ranOn);
            assertFalse(ranOn.equals(caller.getName()));
            assertEquals(List.of("call", "after the call"), order);
        }
    }

    /**
     * A task that meets slow work (a checkpoint, a split's copy) on a network thread goes on with it on a
     * worker thread, before anything queued for the partition meanwhile: what follows depends on it.
     */
    @Test
    void aTaskContinuedOnAWorkerRunsThereBeforeWhatWasQueuedAfterIt() throws Exception {
        try (ThreadedPartitionWorkers workers = new ThreadedPartitionWorkers(1)) {
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            AtomicReference<String> continuedOn = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            workers.submit(P, () -> {
                assertFalse(workers.onWorkerThread(), "an idle partition's task runs on the submitting thread");
                workers.submit(P, () -> {
                    order.add("queued meanwhile");
                    done.countDown();
                });
                workers.continueOnWorker(P, () -> {
                    order.add("continued");
                    continuedOn.set(Thread.currentThread().getName());
                    assertTrue(workers.onWorkerThread());
                });
                order.add("first part");
            });
            assertTrue(done.await(5, TimeUnit.SECONDS));
            assertEquals(List.of("first part", "continued", "queued meanwhile"), order);
            assertTrue(continuedOn.get().startsWith("partition-worker-"), continuedOn.get());
        }
    }

    /** Many threads submit to a few partitions at once: per partition, one task at a time, in each submitter's order. */
    @Test
    void concurrentSubmittersNeverOverlapAndKeepTheirOrder() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        Gpid[] partitions = {P, Q, new Gpid(1, 2)};
        try (ThreadedPartitionWorkers workers = new ThreadedPartitionWorkers(2)) {
            AtomicInteger[] running = new AtomicInteger[partitions.length];
            int[][] lastSeen = new int[partitions.length][threads];
            AtomicInteger overlaps = new AtomicInteger();
            AtomicInteger outOfOrder = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(threads * perThread);
            for (int i = 0; i < partitions.length; i++) {
                running[i] = new AtomicInteger();
            }
            List<Thread> submitters = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                submitters.add(new Thread(() -> {
                    for (int n = 1; n <= perThread; n++) {
                        int index = n % partitions.length;
                        int sequence = n;
                        Runnable task = () -> {
                            if (running[index].incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            if (lastSeen[index][thread] >= sequence) {
                                outOfOrder.incrementAndGet();
                            }
                            lastSeen[index][thread] = sequence;
                            running[index].decrementAndGet();
                            done.countDown();
                        };
                        if (n % 3 == 0) {
                            workers.submitAfterRead(partitions[index], task);
                            workers.runAfterRead();
                        } else {
                            workers.submit(partitions[index], task);
                        }
                    }
                }));
            }
            submitters.forEach(Thread::start);
            for (Thread submitter : submitters) {
                submitter.join();
            }
            assertTrue(done.await(30, TimeUnit.SECONDS), "tasks left: " + done.getCount());
            assertEquals(0, overlaps.get());
            assertEquals(0, outOfOrder.get());
        }
    }

    @Test
    void aBusyPartitionIsHandedToAWorkerAfterATurn() throws Exception {
        try (ThreadedPartitionWorkers workers = new ThreadedPartitionWorkers(1)) {
            List<String> threadNames = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(1);
            workers.submit(P, () -> {
                for (int i = 0; i < ThreadedPartitionWorkers.TURN + 10; i++) {
                    workers.submit(P, () -> threadNames.add(Thread.currentThread().getName()));
                }
                workers.submit(P, done::countDown);
            });
            assertTrue(done.await(5, TimeUnit.SECONDS));
            assertEquals(ThreadedPartitionWorkers.TURN + 10, threadNames.size());
            assertEquals(Thread.currentThread().getName(), threadNames.get(0));
            assertTrue(threadNames.get(threadNames.size() - 1).startsWith("partition-worker-"),
                    threadNames.get(threadNames.size() - 1));
        }
    }
}
