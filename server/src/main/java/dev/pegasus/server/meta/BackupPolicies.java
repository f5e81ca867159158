package dev.pegasus.server.meta;

import dev.pegasus.checkpoint.BackupLayout;
import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.thrift.*;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backup policies: each backs up its tables every interval and keeps the newest {@code keep}
 * successful backups of each table, deleting older ones (and failed ones older than the newest kept)
 * from the file store and from ZooKeeper. Policies are persisted in ZooKeeper. {@link #runDue} runs
 * on the backup thread; the other methods may run anywhere (state guarded by this).
 */
final class BackupPolicies {
    private static final Logger LOG = LoggerFactory.getLogger(BackupPolicies.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");

    private final MetaStateStore store;
    private final BackupCoordinator backups;
    private final BackupCoordinator.FileStoreOpener fileStores;
    private final LongSupplier wallClockMillis;
    private final Map<String, backup_policy> policies = new TreeMap<>();

    BackupPolicies(MetaStateStore store, BackupCoordinator backups, BackupCoordinator.FileStoreOpener fileStores,
            LongSupplier wallClockMillis) {
        this.store = store;
        this.backups = backups;
        this.fileStores = fileStores;
        this.wallClockMillis = wallClockMillis;
    }

    void load() throws Exception {
        List<backup_policy> loaded = store.loadPolicies();
        synchronized (this) {
            policies.clear();
            loaded.forEach(policy -> policies.put(policy.getName(), policy));
        }
    }

    backup_policy_response handle(backup_policy_request request) throws Exception {
        backup_policy_response response = new backup_policy_response().setPolicies(List.of());
        switch (request.getOp()) {
            case BPO_ADD -> {
                backup_policy policy = request.getPolicy();
                Optional<String> invalid = validate(policy);
                if (invalid.isPresent()) {
                    return Refusals.refuse(response, ErrorCode.ERR_INVALID_PARAMETERS, invalid.get());
                }
                if (has(policy.getName())) {
                    return Refusals.refuse(response, ErrorCode.ERR_INVALID_PARAMETERS, "policy '" + policy.getName()
                            + "' exists; remove it first");
                }
                backup_policy stored = policy.deepCopy().setEnabled(true);
                store.savePolicy(stored);
                synchronized (this) {
                    policies.put(stored.getName(), stored);
                }
                LOG.info("backup policy '{}' added: tables {}, every {} s, keep {}, to {}", stored.getName(),
                        stored.getApp_names(), stored.getInterval_seconds(), stored.getKeep(), stored.getBackup_root());
            }
            case BPO_REMOVE -> {
                if (!has(request.getName())) {
                    return Refusals.refuse(response, ErrorCode.ERR_OBJECT_NOT_FOUND, "no backup policy '"
                            + request.getName() + "'");
                }
                store.removePolicy(request.getName());
                synchronized (this) {
                    policies.remove(request.getName());
                }
            }
            case BPO_LIST -> {
            }
            default -> {
                return Refusals.refuse(response, ErrorCode.ERR_INVALID_PARAMETERS, "unknown operation " + request.getOp());
            }
        }
        synchronized (this) {
            return response.setErr(ErrorCode.ERR_OK.name()).setHint_message("")
                    .setPolicies(policies.values().stream().map(backup_policy::deepCopy).toList());
        }
    }

    private synchronized boolean has(String name) {
        return policies.containsKey(name);
    }

    private static Optional<String> validate(backup_policy policy) {
        if (policy == null || policy.getName() == null || !NAME.matcher(policy.getName()).matches()) {
            return Optional.of("a policy needs a name of 1-64 letters, digits, '_' or '-'");
        }
        if (policy.getApp_names() == null || policy.getApp_names().isEmpty()) {
            return Optional.of("policy '" + policy.getName() + "' names no tables");
        }
        if (policy.getInterval_seconds() < 1) {
            return Optional.of("policy '" + policy.getName() + "': the interval must be at least 1 second, not "
                    + policy.getInterval_seconds());
        }
        if (policy.getKeep() < 1) {
            return Optional.of("policy '" + policy.getName() + "': keep must be at least 1, not " + policy.getKeep());
        }
        if (policy.getBackup_root() == null || policy.getBackup_root().isBlank()) {
            return Optional.of("policy '" + policy.getName() + "' has no backup root");
        }
        return Optional.empty();
    }

    /** Starts the backups that are due and prunes old ones. */
    void runDue() throws Exception {
        List<backup_policy> current;
        synchronized (this) {
            current = List.copyOf(policies.values());
        }
        long now = wallClockMillis.getAsLong();
        List<backup_state> known = backups.all();
        for (backup_policy policy : current) {
            for (String table : policy.getApp_names()) {
                List<backup_state> ofTable = known.stream().filter(b -> policy.getName().equals(b.getPolicy_name())
                        && table.equals(b.getApp_name())).sorted(Comparator.comparing(backup_state::getStart_time_ms))
                        .toList();
                long last = ofTable.isEmpty() ? policy.getStart_after_ms() - policy.getInterval_seconds() * 1000
                        : ofTable.get(ofTable.size() - 1).getStart_time_ms();
                if (now >= last + policy.getInterval_seconds() * 1000) {
                    start_backup_response started = backups.start(table, policy.getBackup_root(),
                            Optional.of(policy.getName()));
                    if (!ErrorCode.ERR_OK.name().equals(started.getErr())) {
                        LOG.warn("policy '{}' could not back up table '{}': {}", policy.getName(), table,
                                started.getHint_message());
                    }
                }
                prune(policy, ofTable);
            }
        }
    }

    /** Deletes the backups of one table beyond the newest {@code keep} successful ones. */
    private void prune(backup_policy policy, List<backup_state> oldestFirst) throws Exception {
        List<backup_state> succeeded = oldestFirst.stream().filter(b -> b.getStatus() == backup_status.BS_SUCCEEDED)
                .toList();
        if (succeeded.size() <= policy.getKeep()) {
            return;
        }
        long oldestKept = succeeded.get(succeeded.size() - policy.getKeep()).getStart_time_ms();
        List<backup_state> doomed = new ArrayList<>(oldestFirst.stream()
                .filter(b -> b.getStatus() != backup_status.BS_RUNNING && b.getStart_time_ms() < oldestKept).toList());
        for (backup_state backup : doomed) {
            try (FileStore files = fileStores.open(backup.getRoot())) {
                files.delete(BackupLayout.backupDir(backup.getApp_name(), backup.getBackup_id()));
            } catch (IOException e) {
                LOG.warn("policy '{}': cannot delete old backup {} yet: {}", policy.getName(), backup.getBackup_id(),
                        e.getMessage());
                continue;
            }
            backups.remove(backup.getBackup_id());
            LOG.info("policy '{}' deleted old backup {} of table '{}'", policy.getName(), backup.getBackup_id(),
                    backup.getApp_name());
        }
    }
}
