package dev.pegasus.server.meta;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.duplication_add_request;
import dev.pegasus.protocol.thrift.duplication_add_response;
import dev.pegasus.protocol.thrift.duplication_entry;
import dev.pegasus.protocol.thrift.duplication_fail_mode;
import dev.pegasus.protocol.thrift.duplication_modify_request;
import dev.pegasus.protocol.thrift.duplication_modify_response;
import dev.pegasus.protocol.thrift.duplication_query_request;
import dev.pegasus.protocol.thrift.duplication_query_response;
import dev.pegasus.protocol.thrift.duplication_report;
import dev.pegasus.protocol.thrift.duplication_state;
import dev.pegasus.protocol.thrift.duplication_status;
import dev.pegasus.protocol.thrift.duplication_task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Duplications of tables to other clusters: added, paused, started and removed by admin requests,
 * stored in ZooKeeper with each partition's confirmed decree (how far its writes are applied
 * remotely), and handed to the replica servers holding the tables through their config syncs. The
 * primaries report their progress there; it is stored in rounds ({@link #storeProgress}), so a new
 * primary, or a new meta leader, resumes from the last stored point: writes may be shipped twice,
 * never skipped. {@link #add} asks the remote cluster and runs on its own thread; the rest works from
 * memory or writes to ZooKeeper (state guarded by this).
 */
final class DuplicationCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(DuplicationCoordinator.class);

    private final MetaStateStore store;
    private final TableManager tables;
    private final String clusterName;
    private final DuplicationOptions options;
    private final RemoteClusters remotes;
    private final LongSupplier wallClockMillis;
    /** By dupid; the confirmed decrees as reported, ahead of ZooKeeper until the next {@link #storeProgress}. */
    private final Map<Integer, duplication_state> duplications = new TreeMap<>();
    private final Set<Integer> progressUnstored = new HashSet<>();
    /** A primary's last report, and which server it came from. */
    private record Reported(RpcAddress node, duplication_report report) {}

    /** What the primaries last reported beside their confirmed decree, by dupid and partition index. */
    private final Map<Integer, Map<Integer, Reported>> lastReports = new HashMap<>();
    /** How the checkpoint copy of a full duplication stands, by dupid: not stored, redone by each leader. */
    private final Map<Integer, String> notes = new HashMap<>();

    DuplicationCoordinator(MetaStateStore store, TableManager tables, String clusterName, DuplicationOptions options,
            RemoteClusters remotes, LongSupplier wallClockMillis) {
        this.store = store;
        this.tables = tables;
        this.clusterName = clusterName;
        this.options = options;
        this.remotes = remotes;
        this.wallClockMillis = wallClockMillis;
    }

    void load() throws Exception {
        List<duplication_state> loaded = store.loadDuplications();
        synchronized (this) {
            duplications.clear();
            progressUnstored.clear();
            lastReports.clear();
            notes.clear();
            loaded.forEach(duplication -> duplications.put(duplication.getDupid(), duplication));
        }
    }

    /**
     * Duplicates a table to a remote cluster from now on: writes acknowledged once every primary has
     * started ({@link #started}) are shipped. The remote must be configured, must not be this cluster
     * nor share its cluster id, and must hold a table of the same name.
     */
    duplication_add_response add(duplication_add_request request) throws Exception {
        duplication_add_response response = new duplication_add_response();
        String table = request.getApp_name();
        String remote = request.getRemote_cluster_name();
        Optional<StoredTable> source = table == null ? Optional.empty() : tables.availableTable(table);
        if (source.isEmpty()) {
            return Refusals.refuse(response, ErrorCode.ERR_APP_NOT_EXIST, "table '" + table + "' does not exist");
        }
        int replicaCount = source.get().info().getMax_replica_count();
        response.setAppid(source.get().appId()).setRemote_app_name(table).setRemote_replica_count(replicaCount);
        if (request.isSetRemote_app_name() && !request.getRemote_app_name().isEmpty()
                && !request.getRemote_app_name().equals(table)) {
            return Refusals.refuse(response, ErrorCode.ERR_INVALID_PARAMETERS, "table '" + table + "' is duplicated to"
                    + " the table of the same name in '" + remote + "', not to '" + request.getRemote_app_name() + "'");
        }
        if (request.isSetRemote_replica_count() && request.getRemote_replica_count() != 0
                && request.getRemote_replica_count() != replicaCount) {
            return Refusals.refuse(response, ErrorCode.ERR_INVALID_PARAMETERS, "the remote copy of table '" + table
                    + "' has the source's replica count (" + replicaCount + "), not "
                    + request.getRemote_replica_count());
        }
        boolean full = request.isIs_duplicating_checkpoint();
        if (full && options.checkpointRoot().isEmpty()) {
            return Refusals.refuse(response, ErrorCode.ERR_INVALID_PARAMETERS, "a full duplication of table '"
                    + table + "' copies its checkpoints through a file store both clusters reach, and this meta"
                    + " server has none: start it with --duplication-checkpoint-root URI, or create the table in '"
                    + remote + "' and add the duplication without copying the data");
        }
        if (remote == null || remote.equals(clusterName)) {
            return Refusals.refuse(response, ErrorCode.ERR_INVALID_PARAMETERS, "a table cannot be duplicated to"
                    + " its own cluster '" + clusterName + "'");
        }
        if (!options.remoteClusters().containsKey(remote)) {
            return Refusals.refuse(response, ErrorCode.ERR_INVALID_PARAMETERS, "unknown remote cluster '" + remote
                    + "': this meta server knows " + (options.remoteClusters().isEmpty() ? "none"
                            : String.join(", ", options.remoteClusters().keySet()))
                    + " (give it with --remote-cluster NAME=HOST:PORT[,HOST:PORT...])");
        }
        Optional<duplication_state> existing = ofTable(source.get().appId()).stream()
                .filter(duplication -> duplication.getRemote_cluster().equals(remote)).findFirst();
        if (existing.isPresent()) {
            return Refusals.refuse(response, ErrorCode.ERR_INVALID_PARAMETERS, "table '" + table
                    + "' is already duplicated to '" + remote + "' (dupid " + existing.get().getDupid() + ")");
        }
        RemoteClusters.RemoteCluster probed;
        try {
            probed = remotes.probe(options.remoteClusters().get(remote), table);
        } catch (RemoteClusters.RemoteFailure e) {
            return Refusals.refuse(response, ErrorCode.ERR_NETWORK_FAILURE, "remote cluster '" + remote + "': "
                    + e.getMessage());
        }
        if (probed.clusterId() == options.clusterId()) {
            return Refusals.refuse(response, ErrorCode.ERR_INVALID_PARAMETERS, "remote cluster '" + remote
                    + "' has this cluster's id " + options.clusterId() + "; their writes' timetags would tie:"
                    + " give every cluster its own --cluster-id");
        }
        if (full && probed.partitionCount().isPresent()) {
            return Refusals.refuse(response, ErrorCode.ERR_APP_EXIST, "table '" + table + "' exists in cluster '"
                    + remote + "' already; a full duplication creates it there from a copy of this one: drop it"
                    + " there first, or add the duplication without copying the data");
        }
        if (!full && probed.partitionCount().isEmpty()) {
            return Refusals.refuse(response, ErrorCode.ERR_APP_NOT_EXIST, "table '" + table
                    + "' does not exist in cluster '" + remote + "'; create it there first, or add a full"
                    + " duplication, which creates it from a copy of this one");
        }
        duplication_state added;
        synchronized (this) {
            int dupid = nextDupid();
            added = new duplication_state(dupid, source.get().appId(), table, remote,
                    full ? duplication_status.DS_PREPARE : duplication_status.DS_LOG, duplication_fail_mode.FAIL_SLOW,
                    wallClockMillis.getAsLong(), new HashMap<>(), new HashMap<>())
                    .setPartition_count(source.get().partitions().size());
            if (full) {
                added.setCheckpoint_root(options.checkpointRoot().get());
            }
            store.saveDuplication(added);
            duplications.put(dupid, added);
        }
        LOG.info("table '{}' duplicates to cluster '{}' (dupid {}; {})", table, remote, added.getDupid(),
                full ? "copying its checkpoints through " + added.getCheckpoint_root() + " first"
                        : probed.partitionCount().getAsInt() + " partitions there");
        return response.setErr(ErrorCode.ERR_OK.name()).setDupid(added.getDupid()).setHint("table '" + table
                + "' duplicates to cluster '" + remote + "' as dupid " + added.getDupid() + (full
                        ? "; its checkpoints are copied there first (DS_PREPARE, then DS_APP), then it ships (DS_LOG)"
                        : ""));
    }

    /** Copies of the full duplications whose checkpoints are being copied (DS_PREPARE or DS_APP). */
    synchronized List<duplication_state> copying() {
        return duplications.values().stream().filter(duplication -> isCopying(duplication.getStatus()))
                .map(duplication_state::deepCopy).toList();
    }

    private static boolean isCopying(duplication_status status) {
        return status == duplication_status.DS_PREPARE || status == duplication_status.DS_APP;
    }

    /**
     * Stores a change to a duplication and takes it as the current state; nothing happens if the
     * duplication was removed meanwhile. The change is made to the progress reported so far, stored with it.
     */
    synchronized void update(int dupid, Consumer<duplication_state> change) throws Exception {
        duplication_state current = duplications.get(dupid);
        if (current == null) {
            return;
        }
        duplication_state changed = current.deepCopy();
        change.accept(changed);
        store.saveDuplication(changed);
        duplications.put(dupid, changed);
        progressUnstored.remove(dupid);
    }

    /** Says, until the next note, how a duplication's checkpoint copy stands; shown by {@link #query}. */
    synchronized void note(int dupid, String note) {
        if (duplications.containsKey(dupid)) {
            notes.put(dupid, note);
        }
    }

    /**
     * Whether every partition's primary has reported where it starts, and that is stored, so that later
     * writes are shipped even if this meta server fails.
     */
    synchronized boolean started(int dupid) {
        duplication_state duplication = duplications.get(dupid);
        if (duplication == null) {
            return true;
        }
        Optional<StoredTable> table = tables.table(duplication.getAppid());
        return table.isEmpty() || (duplication.getConfirmed().size() >= table.get().partitions().size()
                && !progressUnstored.contains(dupid));
    }

    synchronized duplication_modify_response modify(duplication_modify_request request) throws Exception {
        duplication_modify_response response = new duplication_modify_response();
        Optional<StoredTable> table = request.getApp_name() == null ? Optional.empty()
                : tables.availableTable(request.getApp_name());
        if (table.isEmpty()) {
            return Refusals.refuse(response, ErrorCode.ERR_APP_NOT_EXIST, "table '" + request.getApp_name()
                    + "' does not exist");
        }
        response.setAppid(table.get().appId());
        duplication_state duplication = duplications.get(request.getDupid());
        if (duplication == null || duplication.getAppid() != table.get().appId()) {
            return Refusals.refuse(response, ErrorCode.ERR_OBJECT_NOT_FOUND, "table '" + request.getApp_name()
                    + "' has no duplication " + request.getDupid());
        }
        duplication_state changed = duplication.deepCopy();
        if (request.isSetStatus()) {
            duplication_status status = request.getStatus();
            if (status == duplication_status.DS_REMOVED) {
                store.removeDuplication(duplication.getDupid());
                forget(duplication.getDupid());
                LOG.info("duplication {} of table '{}' to '{}' removed", duplication.getDupid(),
                        duplication.getApp_name(), duplication.getRemote_cluster());
                return response.setErr(ErrorCode.ERR_OK.name()).setHint("duplication " + duplication.getDupid()
                        + " removed");
            }
            if (isCopying(duplication.getStatus())) {
                return Refusals.refuse(response, ErrorCode.ERR_BUSY, "duplication " + duplication.getDupid()
                        + " is copying its checkpoints (" + duplication.getStatus() + "); it can be paused or"
                        + " started once it ships (DS_LOG), or removed now");
            }
            if (status != duplication_status.DS_LOG && status != duplication_status.DS_PAUSE) {
                return Refusals.refuse(response, ErrorCode.ERR_INVALID_PARAMETERS, "a duplication can be started"
                        + " (DS_LOG), paused (DS_PAUSE) or removed (DS_REMOVED), not set to " + status);
            }
            changed.setStatus(status);
        }
        if (request.isSetFail_mode()) {
            if (request.getFail_mode() == duplication_fail_mode.FAIL_FAST) {
                return Refusals.refuse(response, ErrorCode.ERR_INVALID_PARAMETERS, "fail mode FAIL_FAST (stop the"
                        + " server) is not offered: a lagging duplication must not take the source down; choose"
                        + " FAIL_SLOW (keep the log, retry) or FAIL_SKIP (drop what is past the bound)");
            }
            changed.setFail_mode(request.getFail_mode());
        }
        store.saveDuplication(changed);
        duplications.put(changed.getDupid(), changed);
        progressUnstored.remove(changed.getDupid());
        LOG.info("duplication {} of table '{}' is now {} ({})", changed.getDupid(), changed.getApp_name(),
                changed.getStatus(), changed.getFail_mode());
        return response.setErr(ErrorCode.ERR_OK.name()).setHint("duplication " + changed.getDupid() + " is "
                + changed.getStatus() + " with " + changed.getFail_mode());
    }

    synchronized duplication_query_response query(duplication_query_request request) {
        duplication_query_response response = new duplication_query_response().setEntry_list(new ArrayList<>());
        Optional<StoredTable> table = request.getApp_name() == null ? Optional.empty()
                : tables.availableTable(request.getApp_name());
        if (table.isEmpty()) {
            return Refusals.refuse(response, ErrorCode.ERR_APP_NOT_EXIST, "table '" + request.getApp_name()
                    + "' does not exist");
        }
        List<duplication_entry> entries = ofTable(table.get().appId()).stream().map(this::entry).toList();
        return response.setErr(ErrorCode.ERR_OK.name()).setAppid(table.get().appId())
                .setEntry_list(new ArrayList<>(entries));
    }

    /**
     * The duplications of every table the node holds a member of: primaries ship (or, paused, keep
     * their log), and the other members keep their log from the confirmed decree, in case they become
     * primary.
     */
    synchronized List<duplication_task> tasksFor(RpcAddress node) {
        List<duplication_task> tasks = new ArrayList<>();
        for (duplication_state duplication : duplications.values()) {
            Optional<StoredTable> table = tables.table(duplication.getAppid());
            if (table.isEmpty() || table.get().partitions().stream().noneMatch(config -> config.isMember(node))) {
                continue;
            }
            tasks.add(new duplication_task(duplication.getAppid(), duplication.getDupid(),
                    duplication.getRemote_cluster(), options.remoteClusters().getOrDefault(duplication
                            .getRemote_cluster(), List.of()).stream().map(RpcAddress::toString).toList(),
                    duplication.getApp_name(), duplication.getStatus(), duplication.getFail_mode(),
                    new HashMap<>(duplication.getConfirmed())).setPartition_count(duplication.getPartition_count()));
        }
        return tasks;
    }

    /** A replica server's progress reports: taken from the current primary of each partition only. */
    synchronized void onReports(RpcAddress node, List<duplication_report> reports) {
        for (duplication_report report : reports) {
            duplication_state duplication = duplications.get(report.getDupid());
            Gpid gpid = Gpid.unpack(report.getPid());
            if (duplication == null || duplication.getAppid() != gpid.appId() || tables.availablePartition(gpid)
                    .filter(partition -> partition.config().isPrimary(node)).isEmpty()) {
                continue;
            }
            Reported previous = lastReports.computeIfAbsent(report.getDupid(), id -> new HashMap<>())
                    .put(gpid.partitionIndex(), new Reported(node, report));
            // A primary counts from its start: only what it added since its last report is new.
            long repeatedBefore = previous != null && previous.node().equals(node)
                    && previous.report().getRepeated() <= report.getRepeated() ? previous.report().getRepeated() : 0;
            if (report.getRepeated() > repeatedBefore) {
                if (!duplication.isSetRepeated()) {
                    duplication.setRepeated(new HashMap<>());
                }
                duplication.getRepeated().merge(gpid.partitionIndex(), report.getRepeated() - repeatedBefore, Long::sum);
                progressUnstored.add(duplication.getDupid());
            }
            Long confirmed = duplication.getConfirmed().get(gpid.partitionIndex());
            if (confirmed == null || report.getConfirmed_decree() > confirmed) {
                duplication.getConfirmed().put(gpid.partitionIndex(), report.getConfirmed_decree());
                progressUnstored.add(duplication.getDupid());
            }
            Long skipped = duplication.getSkipped().get(gpid.partitionIndex());
            if (report.getSkipped() > (skipped == null ? 0 : skipped)) {
                duplication.getSkipped().put(gpid.partitionIndex(), report.getSkipped());
                progressUnstored.add(duplication.getDupid());
            }
        }
    }

    /** Stores the progress reported since the last round, and removes the duplications of dropped tables. */
    void storeProgress() throws Exception {
        List<duplication_state> toStore = new ArrayList<>();
        List<Integer> orphaned = new ArrayList<>();
        synchronized (this) {
            for (duplication_state duplication : duplications.values()) {
                if (tables.table(duplication.getAppid()).filter(table -> tables.availableTable(table.name())
                        .isPresent()).isEmpty()) {
                    orphaned.add(duplication.getDupid());
                } else if (progressUnstored.remove(duplication.getDupid())) {
                    toStore.add(duplication.deepCopy());
                }
            }
        }
        for (duplication_state duplication : toStore) {
            store.saveDuplication(duplication);
        }
        for (int dupid : orphaned) {
            store.removeDuplication(dupid);
            synchronized (this) {
                duplication_state removed = duplications.get(dupid);
                forget(dupid);
                LOG.info("duplication {} removed: its table '{}' was dropped", dupid, removed.getApp_name());
            }
        }
    }

    private synchronized void forget(int dupid) {
        duplications.remove(dupid);
        lastReports.remove(dupid);
        notes.remove(dupid);
        progressUnstored.remove(dupid);
    }

    private List<duplication_state> ofTable(int appId) {
        synchronized (this) {
            return duplications.values().stream().filter(duplication -> duplication.getAppid() == appId).toList();
        }
    }

    private duplication_entry entry(duplication_state duplication) {
        Map<Integer, Long> committed = new TreeMap<>();
        Map<Integer, Long> lagMs = new TreeMap<>();
        lastReports.getOrDefault(duplication.getDupid(), Map.of()).forEach((index, reported) -> {
            committed.put(index, reported.report().getCommitted_decree());
            lagMs.put(index, reported.report().getLag_ms());
        });
        return new duplication_entry(duplication.getDupid(), duplication.getStatus(), duplication.getRemote_cluster(),
                duplication.getCreate_ts()).setProgress(new TreeMap<>(duplication.getConfirmed()))
                .setFail_mode(duplication.getFail_mode()).setApp_name(duplication.getApp_name())
                .setCommitted(committed).setLag_ms(lagMs).setSkipped(new TreeMap<>(duplication.getSkipped()))
                .setRepeated(duplication.isSetRepeated() ? new TreeMap<>(duplication.getRepeated()) : Map.of())
                .setPhase_note(isCopying(duplication.getStatus()) ? notes.getOrDefault(duplication.getDupid(), "")
                        : null);
    }

    /** As Apache Pegasus names them: the creation time in seconds, made unique. */
    private int nextDupid() {
        int candidate = (int) (wallClockMillis.getAsLong() / 1000);
        while (duplications.containsKey(candidate)) {
            candidate++;
        }
        return candidate;
    }
}
