package dev.pegasus.server.meta;

import dev.pegasus.checkpoint.BackupManifest;
import dev.pegasus.checkpoint.BackupRepository;
import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.TableEnvs;
import dev.pegasus.protocol.thrift.*;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Restores a backup into a new table: checks the backup is complete (every manifest readable, every
 * file there with its length), then creates the table with the backup's partition count and envs plus
 * {@code restore.*} envs naming the backup. Each replica of the table's first configuration then
 * fetches its partition's checkpoint, checking every checksum, before it serves; the replica
 * servers' reports give the progress ({@link #status}).
 */
final class RestoreCoordinator {
    private final TableManager tables;
    private final NodeRegistry nodes;
    private final BackupCoordinator.FileStoreOpener fileStores;
    /** Latest report of each replica fetching a partition, by partition and server. */
    private final Map<Gpid, Map<RpcAddress, restore_report>> reports = new ConcurrentHashMap<>();

    RestoreCoordinator(TableManager tables, NodeRegistry nodes, BackupCoordinator.FileStoreOpener fileStores) {
        this.tables = tables;
        this.nodes = nodes;
        this.fileStores = fileStores;
    }

    start_restore_response start(start_restore_request request) throws Exception {
        start_restore_response response = new start_restore_response();
        BackupManifest backup;
        try (FileStore files = fileStores.open(request.getBackup_root())) {
            BackupRepository repository = new BackupRepository(files);
            backup = request.isSetSource_app_name() && !request.getSource_app_name().isEmpty()
                    ? repository.manifest(request.getSource_app_name(), request.getBackup_id())
                    : repository.find(request.getBackup_id());
            repository.checkComplete(backup);
        } catch (IOException | RuntimeException e) {
            return Refusals.refuse(response, ErrorCode.ERR_INVALID_DATA, "cannot restore backup "
                    + request.getBackup_id() + " from '" + request.getBackup_root() + "': " + e.getMessage());
        }
        Map<String, String> envs = new HashMap<>(backup.envs());
        envs.keySet().removeIf(key -> key.startsWith("restore."));
        envs.put(TableEnvs.RESTORE_BACKUP_ROOT, request.getBackup_root());
        envs.put(TableEnvs.RESTORE_SOURCE_TABLE, backup.tableName());
        envs.put(TableEnvs.RESTORE_BACKUP_ID, backup.backupId());
        int replicas = request.isSetReplica_count() && request.getReplica_count() > 0 ? request.getReplica_count()
                : backup.replicaCount();
        configuration_create_app_response created = tables.create(new configuration_create_app_request()
                .setApp_name(request.getNew_app_name())
                .setOptions(new create_app_options().setPartition_count(backup.partitionCount())
                        .setReplica_count(replicas).setApp_type("pegasus").setIs_stateful(true).setEnvs(envs)));
        if (!ErrorCode.ERR_OK.name().equals(created.getErr())) {
            return response.setErr(created.getErr()).setHint_message(created.getHint_message());
        }
        return response.setErr(ErrorCode.ERR_OK.name()).setApp_id(created.getAppid())
                .setPartition_count(backup.partitionCount()).setHint_message("restoring backup " + backup.backupId()
                        + " of table '" + backup.tableName() + "' (" + backup.partitionCount() + " partitions, "
                        + backup.totalBytes() + " bytes) as '" + request.getNew_app_name() + "'");
    }

    void onReports(RpcAddress node, List<restore_report> reported) {
        for (restore_report report : reported) {
            reports.computeIfAbsent(Gpid.unpack(report.getPid()), gpid -> new ConcurrentHashMap<>()).put(node, report);
        }
    }

    query_restore_status_response status(query_restore_status_request request) {
        query_restore_status_response response = new query_restore_status_response().setPartitions(List.of());
        Optional<StoredTable> table = tables.availableTable(request.getApp_name());
        if (table.isEmpty()) {
            return Refusals.refuse(response, ErrorCode.ERR_APP_NOT_EXIST, "table '" + request.getApp_name()
                    + "' does not exist");
        }
        Map<String, String> envs = table.get().info().getEnvs();
        if (envs == null || !envs.containsKey(TableEnvs.RESTORE_BACKUP_ID)) {
            return Refusals.refuse(response, ErrorCode.ERR_INVALID_PARAMETERS, "table '" + request.getApp_name()
                    + "' was not restored from a backup");
        }
        List<restore_partition_progress> partitions = new ArrayList<>();
        for (int index = 0; index < table.get().partitions().size(); index++) {
            Gpid gpid = table.get().gpid(index);
            restore_partition_progress progress = new restore_partition_progress().setIndex(index)
                    .setReplica_count(table.get().replicaCount());
            for (restore_report report : reports.getOrDefault(gpid, Map.of()).values()) {
                progress.setBytes_done(progress.getBytes_done() + report.getBytes_done())
                        .setBytes_total(progress.getBytes_total() + report.getBytes_total());
                if (report.isDone()) {
                    progress.setReplicas_restored(progress.getReplicas_restored() + 1);
                }
                if (report.isSetError()) {
                    progress.setError(report.getError());
                }
            }
            Optional<RpcAddress> primary = table.get().partitions().get(index).primary();
            progress.setServed(primary.isPresent() && nodes.serves(primary.get(), gpid));
            partitions.add(progress);
        }
        return response.setErr(ErrorCode.ERR_OK.name()).setHint_message("").setPartitions(partitions);
    }
}
