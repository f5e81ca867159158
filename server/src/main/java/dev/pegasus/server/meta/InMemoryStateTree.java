package dev.pegasus.server.meta;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * The {@link StateTree} in memory, with ZooKeeper's rules for transactions (all or nothing; a create
 * needs its parent and a free name, a set or delete an existing node, a delete no children): the
 * meta server's state as the simulation keeps it, durable across the crashes of the meta servers that
 * share it. Fence nodes are created and removed by whoever plays the leader election.
 */
public final class InMemoryStateTree implements StateTree {
    private static final byte[] NO_DATA = new byte[0];

    private final NavigableMap<String, byte[]> nodes = new TreeMap<>();

    /** A tree holding {@code root} and its ancestors, as an operator creates the meta servers' root. */
    public InMemoryStateTree(String root) {
        nodes.put("/", NO_DATA);
        for (int slash = root.indexOf('/', 1); slash > 0; slash = root.indexOf('/', slash + 1)) {
            nodes.put(root.substring(0, slash), NO_DATA);
        }
        nodes.put(root, NO_DATA);
    }

    /** A fence node: a leader's latch node comes to exist. */
    public synchronized void createFence(String path) {
        nodes.put(path, NO_DATA);
    }

    /** The fence node is gone: its owner no longer leads, and its commits fail. */
    public synchronized void removeFence(String path) {
        nodes.remove(path);
    }

    @Override
    public void sync() {
    }

    @Override
    public synchronized boolean exists(String path) {
        return nodes.containsKey(path);
    }

    @Override
    public synchronized byte[] get(String path) {
        byte[] data = nodes.get(path);
        if (data == null) {
            throw new NoSuchElementException("no node " + path);
        }
        return data.clone();
    }

    @Override
    public synchronized List<String> children(String path) {
        List<String> names = new ArrayList<>();
        String prefix = path.endsWith("/") ? path : path + "/";
        for (String child : nodes.tailMap(prefix, false).keySet()) {
            if (!child.startsWith(prefix)) {
                break;
            }
            String name = child.substring(prefix.length());
            if (!name.contains("/")) {
                names.add(name);
            }
        }
        return names;
    }

    @Override
    public synchronized void commit(String fence, List<Op> ops) throws FenceLostException {
        if (!nodes.containsKey(fence)) {
            throw new FenceLostException(fence, null);
        }
        NavigableMap<String, byte[]> changed = new TreeMap<>(nodes);
        for (Op op : ops) {
            apply(changed, op);
        }
        nodes.clear();
        nodes.putAll(changed);
    }

    private static void apply(NavigableMap<String, byte[]> tree, Op op) {
        String path = op.path();
        boolean exists = tree.containsKey(path);
        if (op instanceof Create create) {
            String parent = path.substring(0, Math.max(1, path.lastIndexOf('/')));
            if (exists || !tree.containsKey(parent)) {
                throw new IllegalStateException("cannot create " + path + (exists ? ": it exists" : ": no parent"));
            }
            tree.put(path, create.data() == null ? NO_DATA : create.data().clone());
        } else if (op instanceof SetData set) {
            if (!exists) {
                throw new IllegalStateException("cannot set " + path + ": no such node");
            }
            tree.put(path, set.data().clone());
        } else {
            String prefix = path + "/";
            String next = tree.higherKey(path);
            if (!exists || (next != null && next.startsWith(prefix))) {
                throw new IllegalStateException("cannot delete " + path + (exists ? ": it has children" : ": no such node"));
            }
            tree.remove(path);
        }
    }
}
