package dev.pegasus.server.linearizability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The search nodes already explored, each a set of linearized operations and the register value
 * they leave; a node is only explored once it can lead somewhere new.
 *
 * <p>Beyond plain equality, a node is redundant if an explored one had the same known operations
 * and value and used a subset of its unknown operations: the explored node had every option this
 * one has and more (unknown operations are optional and have no completion to respect), and it
 * failed. This matters when many unknown operations are pending: without it, each subset of them
 * that leads back to the same value would be explored again.
 */
final class Memo {
    /**
     * Entries beyond which no more are added: about a quarter of the heap at roughly a hundred bytes
     * an entry. The search stays correct without more entries, only slower; the bound keeps a
     * hopeless search within the heap of a test JVM until its budget runs out.
     */
    private static final long LIMIT = Math.max(1 << 16, Runtime.getRuntime().maxMemory() / 512);

    /**
     * For each explored known set and value, the minimal unknown sets explored with it: one
     * {@code long[]} in the common case of a single one, else a {@code List<long[]>}.
     */
    private final Map<LinearizedSet.KnownKey, Object> explored = new HashMap<>();
    private long entries;

    /** Records the node and says whether it is new, i.e. not covered by one explored before. */
    boolean firstVisit(LinearizedSet.KnownKey known, long[] unknown) {
        Object seen = explored.get(known);
        if (seen == null) {
            if (entries < LIMIT) {
                explored.put(known, unknown);
                entries++;
            }
            return true;
        }
        if (seen instanceof long[] single) {
            if (subset(single, unknown)) {
                return false;
            }
            if (subset(unknown, single)) {
                explored.put(known, unknown);
            } else if (entries < LIMIT) {
                explored.put(known, new ArrayList<>(List.of(single, unknown)));
                entries++;
            }
            return true;
        }
        List<long[]> unknownSets = asList(seen);
        for (long[] other : unknownSets) {
            if (subset(other, unknown)) {
                return false;
            }
        }
        entries -= unknownSets.size();
        unknownSets.removeIf(other -> subset(unknown, other));
        if (entries + unknownSets.size() < LIMIT) {
            unknownSets.add(unknown);
        }
        entries += unknownSets.size();
        return true;
    }

    @SuppressWarnings("unchecked")
    private static List<long[]> asList(Object unknownSets) {
        return (List<long[]>) unknownSets;
    }

    private static boolean subset(long[] small, long[] large) {
        for (int i = 0; i < small.length; i++) {
            if ((small[i] & ~large[i]) != 0) {
                return false;
            }
        }
        return true;
    }
}
