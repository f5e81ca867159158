package dev.pegasus.server.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Generates histories of registers that are linearizable by construction, to test the checker on
 * histories far larger than the textbook ones. A single-threaded simulation: each client invokes
 * operations one after another; each operation takes effect at a point picked inside its interval,
 * and results come from applying the operations in the order of those points. An operation made
 * unknown takes effect at any point after its invocation (possibly after its client gave up and moved
 * on) or never. Written values are unique ("v" and the operation's index) except deletes, so
 * tests can build mutations that are certainly violations.
 */
final class RegisterSimulation {
    private static final long NEVER = -1;

    /** @param unknownRate fraction of operations whose outcome the client never learns */
    record Settings(int clients, int keys, int operations, double unknownRate) {}

    private record Planned(int index, int client, String key, Op op, long invoke, long complete,
                           boolean unknown, long effectTime, int tieBreak) {}

    private RegisterSimulation() {}

    static List<Operation> run(long seed, Settings settings) {
        Random random = new Random(seed);
        List<Planned> planned = plan(random, settings);
        Object[] results = applyInEffectOrder(planned);
        List<Operation> history = new ArrayList<>();
        for (Planned p : planned) {
            history.add(p.unknown()
                    ? new Operation(p.index(), p.client(), p.key(), p.op(), p.invoke(), Long.MAX_VALUE, Outcome.UNKNOWN, null)
                    : new Operation(p.index(), p.client(), p.key(), p.op(), p.invoke(), p.complete(), Outcome.OK,
                            results[p.index()]));
        }
        return history;
    }

    private static List<Planned> plan(Random random, Settings settings) {
        long[] clientTime = new long[settings.clients()];
        for (int c = 0; c < clientTime.length; c++) {
            clientTime[c] = random.nextInt(5);
        }
        Map<String, List<String>> generatedValues = new HashMap<>();
        List<Planned> planned = new ArrayList<>();
        for (int n = 0; n < settings.operations(); n++) {
            int client = earliest(clientTime);
            long invoke = clientTime[client];
            int duration = 1 + random.nextInt(30);
            long complete = invoke + duration;
            String key = "k" + random.nextInt(settings.keys());
            List<String> values = generatedValues.computeIfAbsent(key, k -> new ArrayList<>());
            Op op = chooseOp(random, n, values);
            boolean unknown = random.nextDouble() < settings.unknownRate();
            long effect;
            if (unknown) {
                effect = random.nextBoolean() ? NEVER : invoke + random.nextInt(4 * duration + 1);
            } else {
                effect = invoke + random.nextInt(duration + 1);
            }
            planned.add(new Planned(n, client, key, op, invoke, complete, unknown, effect, random.nextInt()));
            clientTime[client] = complete + random.nextInt(5);
        }
        return planned;
    }

    private static int earliest(long[] clientTime) {
        int earliest = 0;
        for (int c = 1; c < clientTime.length; c++) {
            if (clientTime[c] < clientTime[earliest]) {
                earliest = c;
            }
        }
        return earliest;
    }

    /** Reads, writes (a tenth of them deletes) and compare-and-sets expecting a recent value or absence. */
    private static Op chooseOp(Random random, int index, List<String> values) {
        double kind = random.nextDouble();
        if (kind < 0.4) {
            return Op.read();
        }
        String value = "v" + index;
        String expected = recent(random, values);
        values.add(value);
        if (kind < 0.75) {
            return Op.write(random.nextInt(10) == 0 ? null : value);
        }
        return Op.cas(expected, value);
    }

    private static String recent(Random random, List<String> values) {
        int pick = random.nextInt(4);
        if (values.isEmpty() || pick == 0) {
            return null;
        }
        if (pick == 1) {
            return values.get(values.size() - 1 - random.nextInt(Math.min(4, values.size())));
        }
        return values.get(values.size() - 1);
    }

    /** Applies the operations that take effect in the order of their effect points; returns results by index. */
    private static Object[] applyInEffectOrder(List<Planned> planned) {
        Object[] results = new Object[planned.size()];
        Map<String, String> registers = new HashMap<>();
        planned.stream()
                .filter(p -> p.effectTime() != NEVER)
                .sorted(Comparator.comparingLong(Planned::effectTime).thenComparingInt(Planned::tieBreak))
                .forEach(p -> results[p.index()] = apply(registers, p.key(), p.op()));
        return results;
    }

    private static Object apply(Map<String, String> registers, String key, Op op) {
        String current = registers.get(key);
        if (op instanceof Op.Read) {
            return current;
        }
        if (op instanceof Op.Write write) {
            set(registers, key, write.value());
            return null;
        }
        Op.Cas cas = (Op.Cas) op;
        if (!Objects.equals(current, cas.expected())) {
            return false;
        }
        set(registers, key, cas.value());
        return true;
    }

    private static void set(Map<String, String> registers, String key, String value) {
        if (value == null) {
            registers.remove(key);
        } else {
            registers.put(key, value);
        }
    }
}
