package dev.pegasus.server.meta;

import dev.pegasus.protocol.TableEnvs;
import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.HostPorts;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.*;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tables and their partition configurations: validates DDL, persists every change through
 * {@link MetaStateStore} before applying it in memory (and then tells the {@link ConfigStoredListener}),
 * and answers route queries from memory.
 *
 * <p>Changes are serialized on this object and may block on ZooKeeper. Readers take no lock: they read
 * the {@link Catalog} published after each stored change, an immutable snapshot, so a route query or a
 * config sync never waits behind a ZooKeeper write.
 */
final class TableManager {
    private static final Logger LOG = LoggerFactory.getLogger(TableManager.class);
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,128}");
    private static final int MAX_PARTITION_COUNT = 1 << 16;

    private final MetaStateStore store;
    private final NodeRegistry nodes;
    private final BalanceSettings balance;
    private final MetaOptions options;
    private final LongSupplier wallClockMillis;
    private final ConfigStoredListener listener;
    private final MemberLives lives;
    /** Invariant: equal to what {@link MetaStateStore} holds; replaced whole, never changed in place. */
    private volatile Catalog catalog = new Catalog(Map.of(), 1);

    /** The tables by app id and the next app id, as stored. Immutable. */
    private record Catalog(Map<Integer, StoredTable> tables, int nextAppId) {
        Catalog {
            tables = Collections.unmodifiableMap(new TreeMap<>(tables));
        }

        Catalog with(StoredTable table) {
            Map<Integer, StoredTable> changed = new TreeMap<>(tables);
            changed.put(table.appId(), table);
            return new Catalog(changed, nextAppId);
        }

        Catalog without(int appId) {
            Map<Integer, StoredTable> changed = new TreeMap<>(tables);
            changed.remove(appId);
            return new Catalog(changed, nextAppId);
        }

        Optional<StoredTable> available(String name) {
            return tables.values().stream()
                    .filter(t -> t.info().getStatus() == app_status.AS_AVAILABLE && t.name().equals(name)).findFirst();
        }
    }

    TableManager(MetaStateStore store, NodeRegistry nodes, BalanceSettings balance, MetaOptions options,
            LongSupplier wallClockMillis, MemberLives lives, ConfigStoredListener listener) {
        this.store = store;
        this.nodes = nodes;
        this.balance = balance;
        this.options = options;
        this.wallClockMillis = wallClockMillis;
        this.listener = listener;
        this.lives = lives;
    }

    synchronized void load() throws Exception {
        MetaStateStore.Snapshot snapshot = store.load();
        lives.load(snapshot.lives());
        Map<Integer, StoredTable> loaded = new TreeMap<>();
        for (StoredTable table : snapshot.tables()) {
            loaded.put(table.appId(), table);
            table.partitions().forEach(config -> {
                config.members().forEach(nodes::remember);
                config.lastDrops().forEach(nodes::remember);
            });
        }
        catalog = new Catalog(loaded, snapshot.nextAppId());
        LOG.info("loaded {} tables from ZooKeeper; next app id {}", loaded.size(), snapshot.nextAppId());
    }

    synchronized configuration_create_app_response create(configuration_create_app_request request) throws Exception {
        configuration_create_app_response response = new configuration_create_app_response();
        create_app_options opts = request.isSetOptions() ? request.getOptions() : new create_app_options();
        String name = request.getApp_name();
        Optional<StoredTable> existing = available(name);
        if (existing.isPresent()) {
            return opts.isSuccess_if_exist()
                    ? response.setErr(ErrorCode.ERR_OK.name()).setAppid(existing.get().appId())
                            .setHint_message("table '" + name + "' exists")
                    : fail(response, ErrorCode.ERR_APP_EXIST, "table '" + name + "' already exists");
        }
        Optional<String> invalid = validateCreate(name, opts);
        if (invalid.isPresent()) {
            return fail(response, ErrorCode.ERR_INVALID_PARAMETERS, invalid.get());
        }
        Set<RpcAddress> shortOfSpace = nodes.shortOfSpace();
        List<RpcAddress> alive = nodes.alive().stream()
                .filter(node -> !balance.isDraining(node) && !shortOfSpace.contains(node)).toList();
        int replicaCount = opts.getReplica_count();
        if (alive.size() < replicaCount) {
            return fail(response, ErrorCode.ERR_NOT_ENOUGH_MEMBER, "table '" + name + "' needs " + replicaCount
                    + " alive replica servers, one for each replica of a partition, but " + alive.size()
                    + " are alive (decommissioned ones and those short of disk space not counted): start more"
                    + " replica servers, free disk space, or ask for fewer replicas (-r " + alive.size() + ")");
        }
        int appId = catalog.nextAppId();
        long now = wallClockMillis.getAsLong() / 1000;
        app_info info = new app_info().setStatus(app_status.AS_AVAILABLE).setApp_type("pegasus").setApp_name(name)
                .setApp_id(appId).setPartition_count(opts.getPartition_count()).setIs_stateful(true)
                .setMax_replica_count(opts.getReplica_count()).setCreate_second(now)
                .setEnvs(new HashMap<>(opts.isSetEnvs() ? opts.getEnvs() : Map.of()));
        StoredTable table = new StoredTable(info,
                PartitionPlacer.place(opts.getPartition_count(), replicaCount, alive, currentLoad()));
        List<Map<RpcAddress, Long>> partitionLives = IntStream.range(0, table.partitions().size())
                .mapToObj(index -> lives.forConfig(table.gpid(index), PartitionConfig.empty(), table.partitions().get(index)))
                .toList();
        store.create(table, appId + 1, partitionLives);
        catalog = new Catalog(catalog.with(table).tables(), appId + 1);
        for (int index = 0; index < table.partitions().size(); index++) {
            stored(table.gpid(index), PartitionConfig.empty(), table.partitions().get(index), partitionLives.get(index));
        }
        LOG.info("created table '{}' (app id {}) with {} partitions of {} replicas", name, appId,
                table.partitions().size(), replicaCount);
        return response.setErr(ErrorCode.ERR_OK.name()).setAppid(appId);
    }

    private static Optional<String> validateCreate(String name, create_app_options opts) {
        if (name == null || !TABLE_NAME.matcher(name).matches()) {
            return Optional.of("table name '" + name + "' is invalid: use 1-128 letters, digits, '_', '.' or '-'");
        }
        int partitions = opts.getPartition_count();
        if (partitions <= 0 || partitions > MAX_PARTITION_COUNT || Integer.bitCount(partitions) != 1) {
            return Optional.of("partition count " + partitions + " is invalid: it must be a power of two from 1 to "
                    + MAX_PARTITION_COUNT);
        }
        if (opts.getReplica_count() < 1) {
            return Optional.of("replica count " + opts.getReplica_count() + " is invalid: it must be at least 1");
        }
        return validateEnvs(opts.isSetEnvs() ? opts.getEnvs() : Map.of());
    }

    private static Optional<String> validateEnvs(Map<String, String> envs) {
        String ttl = envs.get(TableEnvs.DEFAULT_TTL);
        if (ttl != null) {
            try {
                if (Integer.parseInt(ttl) < 0) {
                    return Optional.of(TableEnvs.DEFAULT_TTL + " must be >= 0 seconds, not " + ttl);
                }
            } catch (NumberFormatException e) {
                return Optional.of(TableEnvs.DEFAULT_TTL + " must be a whole number of seconds, not '" + ttl + "'");
            }
        }
        String durability = envs.get(TableEnvs.DURABILITY);
        if (durability != null && !durability.equals(TableEnvs.SYNC) && !durability.equals(TableEnvs.ASYNC)) {
            return Optional.of(TableEnvs.DURABILITY + " must be '" + TableEnvs.SYNC + "' or '" + TableEnvs.ASYNC
                    + "', not '" + durability + "'");
        }
        return Optional.empty();
    }

    synchronized configuration_drop_app_response drop(configuration_drop_app_request request) throws Exception {
        configuration_drop_app_response response = new configuration_drop_app_response();
        Optional<StoredTable> table = available(request.getApp_name());
        drop_app_options opts = request.isSetOptions() ? request.getOptions() : new drop_app_options();
        if (table.isEmpty()) {
            return opts.isSuccess_if_not_exist() ? response.setErr(ErrorCode.ERR_OK.name())
                    : fail(response, ErrorCode.ERR_APP_NOT_EXIST, "table '" + request.getApp_name() + "' does not exist");
        }
        if (table.get().info().isSplitting()) {
            return fail(response, ErrorCode.ERR_BUSY, "table '" + request.getApp_name() + "' is splitting its"
                    + " partitions; drop it once the split has ended");
        }
        long now = wallClockMillis.getAsLong() / 1000;
        long reserve = opts.isSetReserve_seconds() && opts.getReserve_seconds() > 0 ? opts.getReserve_seconds()
                : options.holdDroppedTable().toSeconds();
        app_info info = table.get().info().deepCopy().setStatus(app_status.AS_DROPPED).setDrop_second(now)
                .setExpire_second(now + reserve);
        store.updateInfo(info);
        catalog = catalog.with(table.get().withInfo(info));
        LOG.info("dropped table '{}' (app id {}); data kept for {} s", info.getApp_name(), info.getApp_id(), reserve);
        return response.setErr(ErrorCode.ERR_OK.name());
    }

    synchronized configuration_recall_app_response recall(configuration_recall_app_request request) throws Exception {
        configuration_recall_app_response response = new configuration_recall_app_response();
        StoredTable table = catalog.tables().get(request.getApp_id());
        if (table == null) {
            return fail(response, ErrorCode.ERR_APP_NOT_EXIST, "no table with app id " + request.getApp_id()
                    + " is kept (never existed, or its hold period ended)");
        }
        if (table.info().getStatus() != app_status.AS_DROPPED) {
            return fail(response, ErrorCode.ERR_APP_EXIST, "table with app id " + request.getApp_id()
                    + " ('" + table.name() + "') is not dropped");
        }
        String newName = request.getNew_app_name() == null || request.getNew_app_name().isEmpty()
                ? table.name() : request.getNew_app_name();
        if (!TABLE_NAME.matcher(newName).matches()) {
            return fail(response, ErrorCode.ERR_INVALID_PARAMETERS, "table name '" + newName + "' is invalid");
        }
        if (available(newName).isPresent()) {
            return fail(response, ErrorCode.ERR_INVALID_PARAMETERS, "table name '" + newName
                    + "' is taken; recall under another name");
        }
        app_info info = table.info().deepCopy().setStatus(app_status.AS_AVAILABLE).setApp_name(newName)
                .setDrop_second(0).setExpire_second(0);
        store.updateInfo(info);
        catalog = catalog.with(table.withInfo(info));
        LOG.info("recalled table app id {} as '{}'", info.getApp_id(), newName);
        return response.setErr(ErrorCode.ERR_OK.name()).setInfo(info);
    }

    synchronized configuration_update_app_env_response updateEnv(configuration_update_app_env_request request)
            throws Exception {
        configuration_update_app_env_response response = new configuration_update_app_env_response();
        Optional<StoredTable> table = available(request.getApp_name());
        if (table.isEmpty()) {
            return fail(response, ErrorCode.ERR_APP_NOT_EXIST, "table '" + request.getApp_name() + "' does not exist");
        }
        Map<String, String> envs = new HashMap<>(table.get().info().getEnvs() == null ? Map.of()
                : table.get().info().getEnvs());
        List<String> keys = request.isSetKeys() ? request.getKeys() : List.of();
        switch (request.getOp()) {
            case APP_ENV_OP_SET -> {
                List<String> values = request.isSetValues() ? request.getValues() : List.of();
                if (keys.isEmpty() || keys.size() != values.size()) {
                    return fail(response, ErrorCode.ERR_INVALID_PARAMETERS,
                            "set needs as many values as keys (" + keys.size() + " keys, " + values.size() + " values)");
                }
                for (int i = 0; i < keys.size(); i++) {
                    envs.put(keys.get(i), values.get(i));
                }
            }
            case APP_ENV_OP_DEL -> keys.forEach(envs::remove);
            case APP_ENV_OP_CLEAR -> {
                String prefix = request.isSetClear_prefix() ? request.getClear_prefix() : "";
                envs.keySet().removeIf(key -> prefix.isEmpty() || key.startsWith(prefix + "."));
            }
            default -> {
                return fail(response, ErrorCode.ERR_INVALID_PARAMETERS, "unknown env operation " + request.getOp());
            }
        }
        Optional<String> invalid = validateEnvs(envs);
        if (invalid.isPresent()) {
            return fail(response, ErrorCode.ERR_INVALID_PARAMETERS, invalid.get());
        }
        app_info info = table.get().info().deepCopy().setEnvs(envs);
        store.updateInfo(info);
        catalog = catalog.with(table.get().withInfo(info));
        return response.setErr(ErrorCode.ERR_OK.name()).setHint_message("envs of '" + info.getApp_name() + "': " + envs);
    }

    configuration_list_apps_response list(configuration_list_apps_request request) {
        List<app_info> infos = catalog.tables().values().stream().map(StoredTable::info)
                .filter(info -> request.getStatus() == null || request.getStatus() == app_status.AS_INVALID
                        || info.getStatus() == request.getStatus())
                .map(app_info::deepCopy).toList();
        return new configuration_list_apps_response().setErr(ErrorCode.ERR_OK.name()).setInfos(new ArrayList<>(infos));
    }

    query_cfg_response query(query_cfg_request request) {
        Optional<StoredTable> table = available(request.getApp_name());
        if (table.isEmpty()) {
            return new query_cfg_response().setErr(ErrorCode.ERR_OBJECT_NOT_FOUND.name());
        }
        int count = table.get().partitions().size();
        List<Integer> wanted = request.getPartition_indices();
        List<Integer> selected = wanted == null || wanted.isEmpty() ? IntStream.range(0, count).boxed().toList()
                : wanted.stream().filter(i -> i >= 0 && i < count).toList();
        return new query_cfg_response().setErr(ErrorCode.ERR_OK.name()).setApp_id(table.get().appId())
                .setPartition_count(count).setIs_stateful(true)
                .setPartitions(selected.stream().map(index -> withReportedDecree(partition(table.get(), index))).toList());
    }

    /** The configuration with the last committed decree its primary reported, as a client reads it. */
    private partition_configuration withReportedDecree(TablePartition partition) {
        partition_configuration thrift = partition.toThrift();
        partition.config().primary().ifPresent(primary ->
                thrift.setLast_committed_decree(nodes.reportedCommitted(primary, partition.gpid())));
        return HostPorts.addTo(thrift);
    }

    /** The available table of this name. */
    Optional<StoredTable> availableTable(String name) {
        return available(name);
    }

    /** The table with this app id, available or dropped but still held. */
    Optional<StoredTable> table(int appId) {
        return Optional.ofNullable(catalog.tables().get(appId));
    }

    /** Every partition of every available table, in gpid order. */
    List<TablePartition> availablePartitions() {
        List<TablePartition> partitions = new ArrayList<>();
        for (StoredTable table : catalog.tables().values()) {
            if (table.info().getStatus() == app_status.AS_AVAILABLE) {
                for (int index = 0; index < table.partitions().size(); index++) {
                    partitions.add(partition(table, index));
                }
            }
        }
        return partitions;
    }

    /** The partition, if its table exists and is available. */
    Optional<TablePartition> availablePartition(Gpid gpid) {
        StoredTable table = catalog.tables().get(gpid.appId());
        if (table == null || table.info().getStatus() != app_status.AS_AVAILABLE || gpid.partitionIndex() < 0
                || gpid.partitionIndex() >= table.partitions().size()) {
            return Optional.empty();
        }
        return Optional.of(partition(table, gpid.partitionIndex()));
    }

    private static TablePartition partition(StoredTable table, int index) {
        return new TablePartition(table.info(), table.gpid(index), table.partitions().get(index));
    }

    /**
     * Replaces a partition's configuration: in ZooKeeper first, then in memory, so nobody hears of a
     * configuration that could be lost; then tells the listener.
     *
     * @param expected the configuration the change was decided on
     * @param reason   why, for the log
     * @throws IllegalStateException when the partition changed meanwhile or the ballot does not grow
     */
    synchronized void storeConfig(Gpid gpid, PartitionConfig expected, PartitionConfig next, String reason)
            throws Exception {
        storeConfig(gpid, expected, next, Map.of(), reason);
    }

    /**
     * As {@link #storeConfig(Gpid, PartitionConfig, PartitionConfig, String)}, with the lives in which
     * new members came to hold their data (a learner's, from its upgrade proposal): their memberships
     * belong to those lives, not to whichever life their servers sync with now.
     */
    synchronized void storeConfig(Gpid gpid, PartitionConfig expected, PartitionConfig next,
            Map<RpcAddress, Long> joinedInLives, String reason) throws Exception {
        StoredTable table = catalog.tables().get(gpid.appId());
        PartitionConfig current = table == null ? null : table.partitions().get(gpid.partitionIndex());
        if (!expected.equals(current) || next.ballot() <= expected.ballot()) {
            throw new IllegalStateException("partition " + gpid + " cannot move from " + expected + " to " + next
                    + "; it is at " + current);
        }
        Map<RpcAddress, Long> nextLives = lives.forConfig(gpid, current, next, joinedInLives);
        store.updatePartition(gpid, next, table.replicaCount(), nextLives);
        catalog = catalog.with(table.withPartition(gpid.partitionIndex(), next));
        stored(gpid, current, next, nextLives);
        LOG.info("partition {} of '{}' reconfigured to {}: {}", gpid, table.name(), next, reason);
    }

    /** A configuration and its members' lives are durable: what is kept beside the configurations follows. */
    private void stored(Gpid gpid, PartitionConfig previous, PartitionConfig next, Map<RpcAddress, Long> nextLives) {
        lives.stored(gpid, nextLives);
        listener.stored(gpid, previous, next);
    }

    /**
     * Stores the member lives adopted from the members' syncs, with their partitions' configurations
     * unchanged, so that a later leader knows them too.
     */
    synchronized void storeAdoptedLives() throws Exception {
        for (Map.Entry<Gpid, Map<RpcAddress, Long>> entry : lives.unstored().entrySet()) {
            Gpid gpid = entry.getKey();
            StoredTable table = catalog.tables().get(gpid.appId());
            if (table == null || gpid.partitionIndex() >= table.partitions().size()) {
                continue;
            }
            store.updatePartition(gpid, table.partitions().get(gpid.partitionIndex()), table.replicaCount(),
                    entry.getValue());
            lives.stored(gpid, entry.getValue());
            LOG.info("partition {}: member lives {} stored", gpid, entry.getValue());
        }
    }

    // ---------------------------------------------------------------- partition splits

    /**
     * Doubles the table's partition count: children N..2N-1 exist from now on, unregistered (an empty
     * configuration, ballot 0) so clients send their keys to the parents; the table is marked splitting.
     */
    synchronized StoredTable startSplit(int appId, split_state state) throws Exception {
        StoredTable table = catalog.tables().get(appId);
        int count = table.partitions().size();
        app_info info = table.info().deepCopy().setPartition_count(count * 2).setSplitting(true);
        if (!info.isSetInit_partition_count()) {
            info.setInit_partition_count(count);
        }
        List<PartitionConfig> children = Collections.nCopies(count, PartitionConfig.empty());
        store.startSplit(info, children, state);
        List<PartitionConfig> partitions = new ArrayList<>(table.partitions());
        partitions.addAll(children);
        StoredTable split = new StoredTable(info, partitions);
        catalog = catalog.with(split);
        LOG.info("table '{}' splits from {} to {} partitions", table.name(), count, count * 2);
        return split;
    }

    /** A child's first configuration, with the split's state that records it. */
    synchronized void registerChild(Gpid child, PartitionConfig config, split_state state) throws Exception {
        StoredTable table = catalog.tables().get(child.appId());
        PartitionConfig current = table.partitions().get(child.partitionIndex());
        if (current.ballot() != 0) {
            throw new IllegalStateException("child " + child + " is registered already: " + current);
        }
        Map<RpcAddress, Long> childLives = lives.forConfig(child, current, config);
        store.registerChild(child, config, table.replicaCount(), childLives, state);
        catalog = catalog.with(table.withPartition(child.partitionIndex(), config));
        stored(child, current, config, childLives);
        LOG.info("partition {} of '{}' registered after its split: {}", child, table.name(), config);
    }

    synchronized void saveSplit(split_state state) throws Exception {
        store.saveSplit(state);
    }

    /** Every child is registered: the table is no longer splitting. */
    synchronized void endSplit(int appId) throws Exception {
        StoredTable table = catalog.tables().get(appId);
        app_info info = table.info().deepCopy().setSplitting(false);
        store.endSplit(info);
        catalog = catalog.with(table.withInfo(info));
        LOG.info("table '{}' has split into {} partitions", table.name(), table.partitions().size());
    }

    /** Back to {@code oldCount} partitions: no parent split and no child was registered. */
    synchronized void cancelSplit(int appId, int oldCount) throws Exception {
        StoredTable table = catalog.tables().get(appId);
        app_info info = table.info().deepCopy().setSplitting(false).setPartition_count(oldCount);
        store.cancelSplit(info, oldCount, table.partitions().size());
        catalog = catalog.with(new StoredTable(info, table.partitions().subList(0, oldCount)));
        LOG.info("split of table '{}' canceled: it keeps {} partitions", table.name(), oldCount);
    }

    /** Whether the replica belongs to a table that is gone for good, so its data may be deleted. */
    boolean isGarbage(Gpid gpid) {
        Catalog current = catalog;
        return gpid.appId() < current.nextAppId() && !current.tables().containsKey(gpid.appId());
    }

    /** Forgets dropped tables whose hold period has ended; their replicas become garbage. */
    synchronized void removeExpiredDropped() throws Exception {
        long now = wallClockMillis.getAsLong() / 1000;
        for (StoredTable table : catalog.tables().values()) {
            app_info info = table.info();
            if (info.getStatus() == app_status.AS_DROPPED && info.getExpire_second() <= now) {
                store.remove(info.getApp_id());
                catalog = catalog.without(info.getApp_id());
                LOG.info("hold period of dropped table '{}' (app id {}) ended; its data will be deleted",
                        info.getApp_name(), info.getApp_id());
            }
        }
    }

    /** The partitions of the table not reported served by their primary; empty when every one is. */
    List<Gpid> unserved(int appId) {
        StoredTable table = catalog.tables().get(appId);
        if (table == null) {
            return List.of();
        }
        List<Gpid> unserved = new ArrayList<>();
        for (int index = 0; index < table.partitions().size(); index++) {
            Optional<RpcAddress> primary = table.partitions().get(index).primary();
            if (primary.isEmpty() || !nodes.serves(primary.get(), table.gpid(index))) {
                unserved.add(table.gpid(index));
            }
        }
        return unserved;
    }

    Map<String, String> summary() {
        Catalog current = catalog;
        Map<Integer, StoredTable> tables = current.tables();
        Map<String, String> summary = new LinkedHashMap<>();
        long available = tables.values().stream().filter(t -> t.info().getStatus() == app_status.AS_AVAILABLE).count();
        summary.put("table_count", Long.toString(available));
        summary.put("dropped_table_count", Long.toString(tables.size() - available));
        summary.put("partition_count", Long.toString(tables.values().stream()
                .filter(t -> t.info().getStatus() == app_status.AS_AVAILABLE)
                .mapToLong(t -> t.partitions().size()).sum()));
        summary.put("next_app_id", Integer.toString(current.nextAppId()));
        return summary;
    }

    /** The primaries and replicas every node carries for the available tables. */
    private PartitionPlacer.Load currentLoad() {
        Map<RpcAddress, Integer> primaries = new HashMap<>();
        Map<RpcAddress, Integer> replicas = new HashMap<>();
        for (TablePartition partition : availablePartitions()) {
            partition.config().primary().ifPresent(primary -> primaries.merge(primary, 1, Integer::sum));
            partition.config().members().forEach(node -> replicas.merge(node, 1, Integer::sum));
        }
        return new PartitionPlacer.Load(primaries, replicas);
    }

    private Optional<StoredTable> available(String name) {
        return catalog.available(name);
    }

    private static <T extends org.apache.thrift.TBase<?, ?>> T fail(T response, ErrorCode code, String hint) {
        return Refusals.refuse(response, code, hint);
    }
}
