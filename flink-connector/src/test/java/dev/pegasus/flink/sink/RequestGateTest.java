package dev.pegasus.flink.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The gate never lets more requests out than its bound, starts waiting ones in order, and gets through
 * a long line of requests failing at once.
 */
class RequestGateTest {
    @Test
    void atMostTheBoundAreInFlightAndTheRestStartInOrderAsAnswersCome() {
        RequestGate gate = new RequestGate(3);
        List<CompletableFuture<Object>> sent = new ArrayList<>();
        List<Integer> started = new ArrayList<>();
        List<CompletableFuture<Object>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int id = i;
            results.add(gate.submit(() -> {
                started.add(id);
                CompletableFuture<Object> answer = new CompletableFuture<>();
                sent.add(answer);
                return answer;
            }));
        }
        assertEquals(List.of(0, 1, 2), started);
        sent.get(1).complete("one");
        assertEquals(List.of(0, 1, 2, 3), started);
        assertEquals("one", results.get(1).join());
        // completing an answer starts the next request, so the list grows while it is walked
        for (int i = 0; i < sent.size(); i++) {
            sent.get(i).complete(i);
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), started);
        assertTrue(results.stream().allMatch(CompletableFuture::isDone));
    }

    @Test
    void aLongLineOfRequestsFailingAtOnceDoesNotGrowTheStack() {
        RequestGate gate = new RequestGate(1);
        CompletableFuture<Object> first = new CompletableFuture<>();
        gate.submit(() -> first);
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<Object>> results = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            results.add(gate.submit(() -> {
                throw new IllegalArgumentException("value too large");
            }));
        }
        first.complete(null);
        results.forEach(result -> result.whenComplete((v, e) -> failed.incrementAndGet()));
        assertEquals(20_000, failed.get());
    }
}
