package dev.pegasus.server.meta;

import dev.pegasus.protocol.RpcAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * This cluster's place among clusters: its id, stamped into the timetag of every write so that
 * duplicated writes settle conflicts the same way everywhere, and the remote clusters its tables may
 * be duplicated to, by name with their meta servers.
 *
 * @param clusterId      1..127, different in every cluster that duplicates to or from this one
 * @param remoteClusters remote cluster name -> its meta servers
 * @param checkpointRoot a file store (a Hadoop FileSystem URI or a local directory) both this cluster and
 *                       the remote ones can reach, where a full duplication copies the table's checkpoints
 */
public record DuplicationOptions(int clusterId, Map<String, List<RpcAddress>> remoteClusters,
        Optional<String> checkpointRoot) {
    public static final int DEFAULT_CLUSTER_ID = 1;
    public static final DuplicationOptions DEFAULT = new DuplicationOptions(DEFAULT_CLUSTER_ID, Map.of());
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-.]{1,64}");

    public DuplicationOptions {
        if (clusterId < 1 || clusterId > 127) {
            throw new IllegalArgumentException("a cluster id is 1..127, not " + clusterId);
        }
        remoteClusters.forEach((name, metas) -> {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("a remote cluster name is 1-64 letters, digits, '_', '-' or '.',"
                        + " not '" + name + "'");
            }
            if (metas.isEmpty()) {
                throw new IllegalArgumentException("remote cluster '" + name + "' names no meta server");
            }
        });
        remoteClusters = Map.copyOf(new TreeMap<>(remoteClusters));
        checkpointRoot = checkpointRoot.filter(root -> !root.isBlank());
    }

    public DuplicationOptions(int clusterId, Map<String, List<RpcAddress>> remoteClusters) {
        this(clusterId, remoteClusters, Optional.empty());
    }

    public DuplicationOptions withCheckpointRoot(String root) {
        return new DuplicationOptions(clusterId, remoteClusters, Optional.ofNullable(root));
    }

    /**
     * Parses {@code NAME=host:port[,host:port...]} entries, one per remote cluster.
     *
     * @throws IllegalArgumentException naming the entry that is malformed or repeated
     */
    public static DuplicationOptions parse(int clusterId, List<String> remoteEntries) {
        Map<String, List<RpcAddress>> remotes = new TreeMap<>();
        for (String entry : remoteEntries) {
            int equals = entry.indexOf('=');
            if (equals <= 0 || equals == entry.length() - 1) {
                throw new IllegalArgumentException("a remote cluster is given as NAME=host:port[,host:port...], not '"
                        + entry + "'");
            }
            String name = entry.substring(0, equals).trim();
            List<RpcAddress> metas;
            try {
                metas = List.of(entry.substring(equals + 1).split(",")).stream().map(String::trim)
                        .map(RpcAddress::parse).toList();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("remote cluster '" + name + "': " + e.getMessage(), e);
            }
            if (remotes.put(name, metas) != null) {
                throw new IllegalArgumentException("remote cluster '" + name + "' is given twice");
            }
        }
        return new DuplicationOptions(clusterId, remotes);
    }
}
