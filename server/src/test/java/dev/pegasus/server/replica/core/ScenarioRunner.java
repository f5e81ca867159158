package dev.pegasus.server.replica.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.storage.WriteOp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a scenario written as text against replica cores of one partition, one command a line, so that
 * a reader follows the protocol step by step. The runner holds what the cores emit: messages in flight
 * per link, log appends not yet durable, applied mutations, answers to clients and proposals to the meta
 * server; nothing happens unless a line says so.
 *
 * <pre>
 * replicas r1 r2 r3                    cores named r1.. (a new core replays what its log made durable)
 * config r1,r2 ballot=2 primary=r1 secondaries=r2   a configuration delivered to the listed replicas
 * invite r1 r3                         the meta server asks primary r1 to teach r3
 * write r1 7 v1                        client request 7 on r1, writing "v1"
 * log r1                               r1's pending log appends become durable
 * deliver r1->r2 [N]                   r1's messages in flight to r2 (or the first N) arrive, in order;
 *                                      drop r1->r2 loses them
 * settle                               log and deliver everything until nothing moves
 * tick r1 500                          r1's clock moves 500 ms on
 * fail-apply r2 3 disk full            r2 could not apply decree 3
 * restart r2                           r2 crashes: only its durable log survives, replayed into a new core
 * expect role r2 secondary             also: committed r2 N, prepared r2 N, applied r2 v1,v2 (values in order)
 * expect reply r1 7 committed 1        also: reply r1 7 failed ERR_CODE, no-reply r1 7
 * expect proposal r1 remove r2         also: no-proposal r1
 * </pre>
 */
final class ScenarioRunner {
    private static final Gpid GPID = new Gpid(1, 0);
    private static final CoreOptions OPTIONS = new CoreOptions(100, 100, 1000, 500, 100, 1L << 20, 1000);

    private final Map<String, RpcAddress> addresses = new LinkedHashMap<>();
    private final Map<RpcAddress, String> names = new LinkedHashMap<>();
    private final Map<String, ReplicaCore> cores = new LinkedHashMap<>();
    private final Map<String, Deque<ReplicaMessage>> inFlight = new LinkedHashMap<>();
    private final Map<String, List<LoggedMutation>> pendingLog = new LinkedHashMap<>();
    private final Map<String, List<LoggedMutation>> durableLog = new LinkedHashMap<>();
    private final Map<String, List<String>> applied = new LinkedHashMap<>();
    private final Map<String, Map<Long, Effect.Reply>> replies = new LinkedHashMap<>();
    private final Map<String, List<ConfigProposal>> proposals = new LinkedHashMap<>();
    private final Map<String, Long> clocks = new LinkedHashMap<>();

    /** Runs the script; a failed expectation names its line. */
    void run(String script) {
        int number = 0;
        for (String raw : script.split("\n")) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                step(line.split("\\s+"));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("line " + number + " '" + line + "': " + e.getMessage(), e);
            }
        }
    }

    private void step(String[] words) {
        switch (words[0]) {
            case "replicas" -> Arrays.stream(words, 1, words.length).forEach(this::create);
            case "config" -> {
                PartitionConfig config = config(Arrays.copyOfRange(words, 2, words.length));
                for (String name : words[1].split(",")) {
                    core(name).onConfig(config);
                    drain(name);
                }
            }
            case "invite" -> {
                core(words[1]).onAddLearnerRequested(addresses.get(words[2]), core(words[1]).config().ballot());
                drain(words[1]);
            }
            case "write" -> {
                core(words[1]).onClientWrite(Long.parseLong(words[2]), List.of(WriteOp.put(utf8("k"), utf8(words[3]))));
                drain(words[1]);
            }
            case "log" -> log(words[1]);
            case "deliver" -> deliver(words[1], words.length > 2 ? Integer.parseInt(words[2]) : Integer.MAX_VALUE);
            case "drop" -> inFlight.getOrDefault(words[1], new ArrayDeque<>()).clear();
            case "settle" -> settle();
            case "tick" -> {
                long now = clocks.merge(words[1], Long.parseLong(words[2]), Long::sum);
                core(words[1]).onTick(now);
                drain(words[1]);
            }
            case "fail-apply" -> {
                core(words[1]).onApplyFailed(Long.parseLong(words[2]),
                        String.join(" ", Arrays.copyOfRange(words, 3, words.length)));
                drain(words[1]);
            }
            case "restart" -> restart(words[1]);
            case "expect" -> expect(words);
            default -> throw new IllegalArgumentException("unknown command " + words[0]);
        }
    }

    private void create(String name) {
        RpcAddress address = RpcAddress.parse("127.0.0.1:" + (addresses.size() + 1));
        addresses.put(name, address);
        names.put(address, name);
        cores.put(name, new ReplicaCore(GPID, address, 0, OPTIONS));
        durableLog.put(name, new ArrayList<>());
        pendingLog.put(name, new ArrayList<>());
        applied.put(name, new ArrayList<>());
        replies.put(name, new LinkedHashMap<>());
        proposals.put(name, new ArrayList<>());
        clocks.put(name, 0L);
    }

    private ReplicaCore core(String name) {
        ReplicaCore core = cores.get(name);
        if (core == null) {
            throw new IllegalArgumentException("no replica " + name);
        }
        return core;
    }

    private PartitionConfig config(String[] settings) {
        long ballot = 0;
        Optional<RpcAddress> primary = Optional.empty();
        List<RpcAddress> secondaries = new ArrayList<>();
        for (String setting : settings) {
            String[] pair = setting.split("=", 2);
            switch (pair[0]) {
                case "ballot" -> ballot = Long.parseLong(pair[1]);
                case "primary" -> primary = Optional.of(addresses.get(pair[1]));
                case "secondaries" -> Arrays.stream(pair[1].split(",")).map(addresses::get).forEach(secondaries::add);
                default -> throw new IllegalArgumentException("unknown setting " + setting);
            }
        }
        return new PartitionConfig(ballot, primary, secondaries, List.of());
    }

    /** Takes what the core emitted: messages go in flight, appends wait for {@code log}, the rest is recorded. */
    private void drain(String name) {
        for (Effect effect : core(name).drainEffects()) {
            if (effect instanceof Effect.Send send) {
                inFlight.computeIfAbsent(name + "->" + names.get(send.to()), link -> new ArrayDeque<>())
                        .add(send.message());
            } else if (effect instanceof Effect.AppendLog append) {
                pendingLog.get(name).add(append.mutation());
            } else if (effect instanceof Effect.Apply apply) {
                apply.mutation().writes().forEach(op -> applied.get(name).add(new String(op.storedValue(),
                        StandardCharsets.UTF_8)));
            } else if (effect instanceof Effect.Reply reply) {
                replies.get(name).put(reply.requestId(), reply);
            } else if (effect instanceof Effect.ProposeToMeta propose) {
                proposals.get(name).add(propose.proposal());
            }
        }
    }

    private void log(String name) {
        List<LoggedMutation> appends = List.copyOf(pendingLog.get(name));
        pendingLog.get(name).clear();
        for (LoggedMutation mutation : appends) {
            durableLog.get(name).add(mutation);
            core(name).onLogged(mutation.ballot(), mutation.decree());
            drain(name);
        }
    }

    private boolean deliver(String link, int count) {
        Deque<ReplicaMessage> messages = inFlight.getOrDefault(link, new ArrayDeque<>());
        String[] ends = link.split("->");
        boolean any = !messages.isEmpty();
        for (int delivered = 0; delivered < count && !messages.isEmpty(); delivered++) {
            core(ends[1]).onMessage(addresses.get(ends[0]), messages.poll());
            drain(ends[1]);
        }
        return any;
    }

    private void settle() {
        for (int round = 0; round < 1000; round++) {
            boolean moved = false;
            for (String name : List.copyOf(cores.keySet())) {
                moved |= !pendingLog.get(name).isEmpty();
                log(name);
            }
            for (String link : List.copyOf(inFlight.keySet())) {
                moved |= deliver(link, Integer.MAX_VALUE);
            }
            if (!moved) {
                return;
            }
        }
        throw new AssertionError("the replicas never settled");
    }

    /** A crash: appends not yet durable are lost with messages to and from it, and a new core replays its log. */
    private void restart(String name) {
        pendingLog.get(name).clear();
        inFlight.entrySet().removeIf(link -> link.getKey().startsWith(name + "->") || link.getKey().endsWith("->" + name));
        ReplicaCore core = new ReplicaCore(GPID, addresses.get(name), 0, OPTIONS);
        durableLog.get(name).forEach(core::replay);
        applied.get(name).clear();
        cores.put(name, core);
        core.finishReplay();
        drain(name);
    }

    private void expect(String[] words) {
        String what = words[1];
        String name = words[2];
        switch (what) {
            case "role" -> assertEquals(words[3].toUpperCase(), core(name).status().name(), name + "'s role");
            case "committed" -> assertEquals(Long.parseLong(words[3]), core(name).committedDecree(), name + " committed");
            case "prepared" -> assertEquals(Long.parseLong(words[3]), core(name).preparedDecree(), name + " prepared");
            case "applied" -> assertEquals(words.length > 3 ? List.of(words[3].split(",")) : List.of(),
                    applied.get(name), "values " + name + " applied, in order");
            case "reply" -> {
                Effect.Reply reply = replies.get(name).get(Long.parseLong(words[3]));
                assertTrue(reply != null, "no answer to request " + words[3] + " yet");
                Effect.Reply wanted = words[4].equals("committed")
                        ? Effect.Reply.committed(reply.requestId(), Long.parseLong(words[5]))
                        : Effect.Reply.failed(reply.requestId(), ErrorCode.valueOf(words[5]));
                assertEquals(wanted, reply);
            }
            case "no-reply" -> assertEquals(null, replies.get(name).get(Long.parseLong(words[3])),
                    "request " + words[3] + " is answered");
            case "proposal" -> assertTrue(proposals.get(name).stream().anyMatch(proposal -> proposal.kind().name()
                    .startsWith(words[3].toUpperCase()) && proposal.node().equals(addresses.get(words[4]))),
                    name + " proposed " + proposals.get(name));
            case "no-proposal" -> assertEquals(List.of(), proposals.get(name), name + "'s proposals");
            default -> throw new IllegalArgumentException("unknown expectation " + what);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
