package dev.pegasus.server.meta;

import dev.pegasus.checkpoint.BulkLoadInfo;
import dev.pegasus.checkpoint.BulkLoadPartition;
import dev.pegasus.checkpoint.BulkLoadRepository;
import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.*;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs bulk loads: a load is checked (the directory's partition count and table name match the table,
 * every partition's metadata and every file are there with their lengths) and persisted in ZooKeeper
 * before it is acknowledged. Then, through the config syncs:
 * <ol>
 *   <li>DOWNLOADING: every member of every partition downloads and checks the partition's files; a
 *   partition is DOWNLOADED once every current member reports so;</li>
 *   <li>INGESTING, once every partition is downloaded — so a damaged file fails the load before
 *   anything is ingested: each primary places the ingestion at one decree, and its partition
 *   SUCCEEDED once it reports the decree;</li>
 *   <li>SUCCEEDED once every partition is; replicas delete their copies when the tasks stop.</li>
 * </ol>
 * A load can be PAUSED (transfers stop, files are kept) and resumed, or CANCELED, until ingestion
 * begins; from then on partitions become visible one by one and cannot be withdrawn. A partition
 * whose download or ingestion fails {@value #MAX_PARTITION_FAILURES} times fails the load. A new
 * meta leader resumes from ZooKeeper; replicas' progress is re-reported with the next syncs.
 *
 * <p>Threading: {@link #tasksFor}, {@link #onReports} and {@link #status} run on network threads from
 * memory; {@link #start}, {@link #control}, {@link #advance} and {@link #load} write and run on one
 * thread. In-memory state is guarded by this.
 */
final class BulkLoadCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(BulkLoadCoordinator.class);
    static final int MAX_PARTITION_FAILURES = 3;
    private static final Set<bulk_load_status> ACTIVE = EnumSet.of(bulk_load_status.BLS_DOWNLOADING,
            bulk_load_status.BLS_INGESTING, bulk_load_status.BLS_PAUSED);
    private static final Set<bulk_load_status> HELD = EnumSet.of(bulk_load_status.BLS_DOWNLOADED,
            bulk_load_status.BLS_SUCCEEDED);

    private final MetaStateStore store;
    private final TableManager tables;
    private final BackupCoordinator.FileStoreOpener fileStores;
    private final LongSupplier wallClockMillis;
    /** Invariant: equal to what ZooKeeper holds, by load id (ids sort by start time). */
    private final Map<String, bulk_load_state> loads = new TreeMap<>();
    /** The latest report of each replica, by load id, partition index and server. */
    private final Map<String, Map<Integer, Map<RpcAddress, bulk_load_report>>> reports = new HashMap<>();
    private long lastLoadId;

    BulkLoadCoordinator(MetaStateStore store, TableManager tables, BackupCoordinator.FileStoreOpener fileStores,
            LongSupplier wallClockMillis) {
        this.store = store;
        this.tables = tables;
        this.fileStores = fileStores;
        this.wallClockMillis = wallClockMillis;
    }

    /** After a take-over: the loads in ZooKeeper replace whatever this server knew. */
    void load() throws Exception {
        List<bulk_load_state> loaded = store.loadBulkLoads();
        synchronized (this) {
            loads.clear();
            reports.clear();
            loaded.forEach(load -> loads.put(load.getLoad_id(), load));
            lastLoadId = loads.keySet().stream().mapToLong(Long::parseLong).max().orElse(0);
        }
        LOG.info("loaded {} bulk loads from ZooKeeper", loaded.size());
    }

    start_bulk_load_response start(start_bulk_load_request request) throws Exception {
        start_bulk_load_response response = new start_bulk_load_response();
        String table = request.getApp_name();
        String root = request.getRoot();
        Optional<StoredTable> stored = tables.availableTable(table);
        if (stored.isEmpty()) {
            return Refusals.refuse(response, ErrorCode.ERR_APP_NOT_EXIST, "table '" + table + "' does not exist");
        }
        if (stored.get().info().isSplitting()) {
            return Refusals.refuse(response, ErrorCode.ERR_BUSY, "table '" + table + "' is splitting its partitions;"
                    + " load it once the split has ended");
        }
        Optional<bulk_load_state> active = activeLoadOf(table);
        if (active.isPresent()) {
            return Refusals.refuse(response, ErrorCode.ERR_BUSY, "table '" + table + "' has bulk load "
                    + active.get().getLoad_id() + " " + describe(active.get().getStatus())
                    + "; wait for it to end or cancel it");
        }
        int partitionCount = stored.get().info().getPartition_count();
        BulkLoadInfo info;
        List<BulkLoadPartition> partitions;
        try (FileStore files = fileStores.open(root)) {
            BulkLoadRepository repository = new BulkLoadRepository(files);
            info = repository.info();
            if (info.partitionCount() != partitionCount) {
                return Refusals.refuse(response, ErrorCode.ERR_INCONSISTENT_STATE, "the bulk load at '" + root
                        + "' was generated for " + info.partitionCount() + " partitions, but table '" + table + "' has "
                        + partitionCount + "; generate it again with --table-partitions " + partitionCount);
            }
            if (!info.tableName().equals(table)) {
                return Refusals.refuse(response, ErrorCode.ERR_INVALID_PARAMETERS, "the bulk load at '" + root
                        + "' was generated for table '" + info.tableName() + "', not '" + table + "'");
            }
            partitions = repository.checkComplete(info);
        } catch (IOException | RuntimeException e) {
            return Refusals.refuse(response, ErrorCode.ERR_INVALID_DATA, "cannot bulk load '" + root + "' into table '"
                    + table + "': " + e.getMessage());
        }
        String id = nextLoadId();
        List<bulk_load_partition_state> states = new ArrayList<>();
        for (int index = 0; index < partitionCount; index++) {
            states.add(new bulk_load_partition_state().setIndex(index).setStatus(bulk_load_status.BLS_DOWNLOADING));
        }
        bulk_load_state load = new bulk_load_state().setLoad_id(id).setApp_name(table)
                .setApp_id(stored.get().appId()).setRoot(root).setStatus(bulk_load_status.BLS_DOWNLOADING)
                .setStart_time_ms(Long.parseLong(id)).setPartition_count(partitionCount)
                .setRecord_count(info.recordCount())
                .setBytes(partitions.stream().mapToLong(BulkLoadPartition::totalBytes).sum()).setPartitions(states);
        persist(load);
        LOG.info("bulk load {} of {} records ({} bytes) from {} into table '{}' started", id, load.getRecord_count(),
                load.getBytes(), root, table);
        return response.setErr(ErrorCode.ERR_OK.name()).setLoad_id(id).setHint_message("bulk load " + id + " of "
                + load.getRecord_count() + " records into table '" + table + "' started");
    }

    private synchronized String nextLoadId() {
        lastLoadId = Math.max(lastLoadId + 1, wallClockMillis.getAsLong());
        return Long.toString(lastLoadId);
    }

    synchronized Optional<bulk_load_state> activeLoadOf(String table) {
        return loads.values().stream().filter(l -> l.getApp_name().equals(table) && ACTIVE.contains(l.getStatus()))
                .map(bulk_load_state::deepCopy).findFirst();
    }

    private static String describe(bulk_load_status status) {
        return status.name().substring("BLS_".length()).toLowerCase();
    }

    /** Pauses, resumes or cancels the table's active load. */
    control_bulk_load_response control(control_bulk_load_request request) throws Exception {
        control_bulk_load_response response = new control_bulk_load_response();
        String table = request.getApp_name();
        Optional<bulk_load_state> active = activeLoadOf(table);
        if (active.isEmpty()) {
            return Refusals.refuse(response, ErrorCode.ERR_OBJECT_NOT_FOUND, "table '" + table
                    + "' has no bulk load downloading, ingesting or paused");
        }
        bulk_load_state load = active.get();
        bulk_load_status status = load.getStatus();
        if (status == bulk_load_status.BLS_INGESTING) {
            return Refusals.refuse(response, ErrorCode.ERR_INVALID_STATE, "bulk load " + load.getLoad_id()
                    + " is ingesting: partitions become visible one by one and an ingestion cannot be paused or"
                    + " withdrawn; wait for it to end");
        }
        bulk_load_status next;
        switch (request.getControl()) {
            case BLC_PAUSE -> next = bulk_load_status.BLS_PAUSED;
            case BLC_RESUME -> {
                if (status != bulk_load_status.BLS_PAUSED) {
                    return Refusals.refuse(response, ErrorCode.ERR_INVALID_STATE, "bulk load " + load.getLoad_id()
                            + " is not paused; it is " + describe(status));
                }
                next = bulk_load_status.BLS_DOWNLOADING;
            }
            case BLC_CANCEL -> next = bulk_load_status.BLS_CANCELED;
            default -> throw new IllegalArgumentException("unknown control " + request.getControl());
        }
        load.setStatus(next);
        for (bulk_load_partition_state partition : load.getPartitions()) {
            partition.setStatus(next);
        }
        if (next == bulk_load_status.BLS_CANCELED) {
            load.setEnd_time_ms(wallClockMillis.getAsLong());
        }
        persist(load);
        LOG.info("bulk load {} of table '{}' is now {}", load.getLoad_id(), table, describe(next));
        return response.setErr(ErrorCode.ERR_OK.name()).setHint_message("bulk load " + load.getLoad_id()
                + " of table '" + table + "' is " + describe(next));
    }

    /** The tasks for a replica server: every active load's partitions it is a member of. */
    synchronized List<bulk_load_task> tasksFor(RpcAddress node) {
        List<bulk_load_task> tasks = new ArrayList<>();
        for (bulk_load_state load : loads.values()) {
            if (!ACTIVE.contains(load.getStatus())) {
                continue;
            }
            for (bulk_load_partition_state partition : load.getPartitions()) {
                Gpid gpid = new Gpid(load.getApp_id(), partition.getIndex());
                Optional<TablePartition> current = tables.availablePartition(gpid).filter(p -> p.config().isMember(node));
                if (current.isEmpty()) {
                    continue;
                }
                bulk_load_task_kind kind = load.getStatus() == bulk_load_status.BLS_PAUSED ? bulk_load_task_kind.BLT_HOLD
                        : partition.getStatus() == bulk_load_status.BLS_INGESTING && current.get().config().isPrimary(node)
                                ? bulk_load_task_kind.BLT_INGEST : bulk_load_task_kind.BLT_DOWNLOAD;
                tasks.add(new bulk_load_task(load.getLoad_id(), gpid.pack(), load.getRoot(), kind));
            }
        }
        return tasks;
    }

    synchronized void onReports(RpcAddress node, List<bulk_load_report> reported) {
        for (bulk_load_report report : reported) {
            bulk_load_state load = loads.get(report.getLoad_id());
            if (load == null || !ACTIVE.contains(load.getStatus())) {
                continue;
            }
            reports.computeIfAbsent(report.getLoad_id(), id -> new HashMap<>())
                    .computeIfAbsent(Gpid.unpack(report.getPid()).partitionIndex(), index -> new HashMap<>())
                    .put(node, report);
        }
    }

    /** One round: settles what replicas reported, moves loads to their next state, fails loads whose table is gone. */
    void advance() throws Exception {
        for (bulk_load_state load : active()) {
            bulk_load_state next = load.deepCopy();
            boolean changed;
            if (tables.table(next.getApp_id()).filter(t -> t.info().getStatus() == app_status.AS_AVAILABLE).isEmpty()) {
                fail(next, "table '" + next.getApp_name() + "' was dropped during the bulk load");
                changed = true;
            } else if (next.getStatus() == bulk_load_status.BLS_DOWNLOADING) {
                changed = settleDownloads(next);
            } else if (next.getStatus() == bulk_load_status.BLS_INGESTING) {
                changed = settleIngestions(next);
            } else {
                changed = false;
            }
            if (changed) {
                persist(next);
            }
        }
    }

    private synchronized List<bulk_load_state> active() {
        return loads.values().stream().filter(l -> ACTIVE.contains(l.getStatus())).map(bulk_load_state::deepCopy)
                .toList();
    }

    /** The current members' latest reports of a partition. */
    private synchronized Map<RpcAddress, bulk_load_report> memberReports(bulk_load_state load, int index) {
        Map<RpcAddress, bulk_load_report> all = reports.getOrDefault(load.getLoad_id(), Map.of())
                .getOrDefault(index, Map.of());
        Map<RpcAddress, bulk_load_report> members = new HashMap<>();
        tables.availablePartition(new Gpid(load.getApp_id(), index)).ifPresent(partition -> {
            for (RpcAddress member : partition.config().members()) {
                Optional.ofNullable(all.get(member)).ifPresent(report -> members.put(member, report));
            }
        });
        return members;
    }

    private synchronized Optional<TablePartition> partitionOf(bulk_load_state load, int index) {
        return tables.availablePartition(new Gpid(load.getApp_id(), index));
    }

    private synchronized void forgetReport(bulk_load_state load, int index, RpcAddress node) {
        reports.getOrDefault(load.getLoad_id(), Map.of()).getOrDefault(index, new HashMap<>()).remove(node);
    }

    private boolean settleDownloads(bulk_load_state load) {
        boolean changed = false;
        for (bulk_load_partition_state partition : load.getPartitions()) {
            Map<RpcAddress, bulk_load_report> reported = memberReports(load, partition.getIndex());
            Optional<Map.Entry<RpcAddress, bulk_load_report>> failed = reported.entrySet().stream()
                    .filter(e -> e.getValue().getStatus() == bulk_load_status.BLS_FAILED).findFirst();
            if (failed.isPresent()) {
                forgetReport(load, partition.getIndex(), failed.get().getKey());
                changed |= countFailure(load, partition, failed.get().getKey() + ": " + failed.get().getValue().getError());
                continue;
            }
            List<RpcAddress> members = partitionOf(load, partition.getIndex()).map(p -> p.config().members())
                    .orElse(List.of());
            boolean downloaded = !members.isEmpty() && members.stream().allMatch(member ->
                    reported.containsKey(member) && HELD.contains(reported.get(member).getStatus()));
            if (downloaded && partition.getStatus() != bulk_load_status.BLS_DOWNLOADED) {
                partition.setStatus(bulk_load_status.BLS_DOWNLOADED);
                partition.setReplicas_downloaded(members.size()).setBytes_downloaded(members.stream()
                        .mapToLong(member -> reported.get(member).getBytes_total()).sum());
                changed = true;
            }
        }
        if (load.getStatus() == bulk_load_status.BLS_DOWNLOADING && load.getPartitions().stream()
                .allMatch(p -> p.getStatus() == bulk_load_status.BLS_DOWNLOADED)) {
            load.setStatus(bulk_load_status.BLS_INGESTING);
            load.getPartitions().forEach(p -> p.setStatus(bulk_load_status.BLS_INGESTING));
            LOG.info("bulk load {}: every partition downloaded and checked; ingesting", load.getLoad_id());
            changed = true;
        }
        return changed;
    }

    private boolean settleIngestions(bulk_load_state load) {
        boolean changed = false;
        for (bulk_load_partition_state partition : load.getPartitions()) {
            if (partition.getStatus() != bulk_load_status.BLS_INGESTING) {
                continue;
            }
            Optional<RpcAddress> primary = partitionOf(load, partition.getIndex()).flatMap(p -> p.config().primary());
            bulk_load_report report = primary.map(p -> memberReports(load, partition.getIndex()).get(p)).orElse(null);
            if (report == null) {
                continue;
            }
            if (report.getStatus() == bulk_load_status.BLS_SUCCEEDED) {
                partition.setStatus(bulk_load_status.BLS_SUCCEEDED).setIngest_decree(report.getIngest_decree());
                LOG.info("bulk load {}: partition {} ingested at decree {}", load.getLoad_id(), partition.getIndex(),
                        report.getIngest_decree());
                changed = true;
            } else if (report.getStatus() == bulk_load_status.BLS_FAILED) {
                forgetReport(load, partition.getIndex(), primary.get());
                changed |= countFailure(load, partition, primary.get() + ": " + report.getError());
            }
        }
        if (load.getStatus() == bulk_load_status.BLS_INGESTING && load.getPartitions().stream()
                .allMatch(p -> p.getStatus() == bulk_load_status.BLS_SUCCEEDED)) {
            load.setStatus(bulk_load_status.BLS_SUCCEEDED).setEnd_time_ms(wallClockMillis.getAsLong());
            LOG.info("bulk load {} of table '{}' succeeded: {} records in {} ms", load.getLoad_id(), load.getApp_name(),
                    load.getRecord_count(), load.getEnd_time_ms() - load.getStart_time_ms());
            changed = true;
        }
        return changed;
    }

    private boolean countFailure(bulk_load_state load, bulk_load_partition_state partition, String error) {
        partition.setFailures(partition.getFailures() + 1).setError(error);
        LOG.warn("bulk load {}: partition {} failed (attempt {} of {}): {}", load.getLoad_id(), partition.getIndex(),
                partition.getFailures(), MAX_PARTITION_FAILURES, error);
        if (partition.getFailures() >= MAX_PARTITION_FAILURES) {
            partition.setStatus(bulk_load_status.BLS_FAILED);
            fail(load, "partition " + partition.getIndex() + " failed " + partition.getFailures() + " times; last: "
                    + error);
        }
        return true;
    }

    private void fail(bulk_load_state load, String error) {
        boolean ingesting = load.getStatus() == bulk_load_status.BLS_INGESTING;
        load.setStatus(bulk_load_status.BLS_FAILED).setError(error).setEnd_time_ms(wallClockMillis.getAsLong());
        LOG.warn("bulk load {} of table '{}' failed{}: {}", load.getLoad_id(), load.getApp_name(),
                ingesting ? " during ingestion (partitions that succeeded hold the loaded data)" : "", error);
    }

    /** Writes the load to ZooKeeper, then takes it as the current state. */
    private void persist(bulk_load_state load) throws Exception {
        store.saveBulkLoad(load);
        synchronized (this) {
            loads.put(load.getLoad_id(), load);
            if (!ACTIVE.contains(load.getStatus())) {
                reports.remove(load.getLoad_id());
            }
        }
    }

    synchronized query_bulk_load_response status(query_bulk_load_request request) {
        List<bulk_load_item> items = new ArrayList<>();
        for (bulk_load_state load : loads.values()) {
            if ((request.isSetApp_name() && !request.getApp_name().equals(load.getApp_name()))
                    || (request.isSetLoad_id() && !request.getLoad_id().equals(load.getLoad_id()))) {
                continue;
            }
            items.add(new bulk_load_item(load.deepCopy(), progressOf(load)));
        }
        if (items.isEmpty() && (request.isSetLoad_id() || request.isSetApp_name())) {
            return Refusals.refuse(new query_bulk_load_response().setLoads(List.of()), ErrorCode.ERR_OBJECT_NOT_FOUND,
                    request.isSetLoad_id() ? "no bulk load " + request.getLoad_id() + " is known"
                            : "table '" + request.getApp_name() + "' has had no bulk load");
        }
        return new query_bulk_load_response().setErr(ErrorCode.ERR_OK.name()).setHint_message("").setLoads(items);
    }

    private List<bulk_load_partition_progress> progressOf(bulk_load_state load) {
        List<bulk_load_partition_progress> progress = new ArrayList<>();
        for (bulk_load_partition_state partition : load.getPartitions()) {
            bulk_load_partition_progress item = new bulk_load_partition_progress().setIndex(partition.getIndex())
                    .setStatus(partition.getStatus()).setIngest_decree(partition.getIngest_decree());
            partitionOf(load, partition.getIndex()).ifPresent(p -> item.setReplica_count(p.replicaCount()));
            for (bulk_load_report report : memberReports(load, partition.getIndex()).values()) {
                item.setBytes_done(item.getBytes_done() + report.getBytes_done())
                        .setBytes_total(item.getBytes_total() + report.getBytes_total());
                if (HELD.contains(report.getStatus())) {
                    item.setReplicas_downloaded(item.getReplicas_downloaded() + 1);
                }
                if (report.isSetError()) {
                    item.setError(report.getError());
                }
            }
            if (partition.isSetReplicas_downloaded()
                    && item.getReplicas_downloaded() < partition.getReplicas_downloaded()) {
                // The replicas forgot a load that went past its downloads; what they had then still holds.
                item.setReplicas_downloaded(partition.getReplicas_downloaded())
                        .setBytes_done(partition.getBytes_downloaded()).setBytes_total(partition.getBytes_downloaded());
            }
            if (partition.isSetError() && !item.isSetError()) {
                item.setError(partition.getError());
            }
            progress.add(item);
        }
        return progress;
    }
}
