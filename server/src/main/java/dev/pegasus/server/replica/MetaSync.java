package dev.pegasus.server.replica;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.thrift.app_info;
import dev.pegasus.protocol.thrift.config_sync_request;
import dev.pegasus.protocol.thrift.config_sync_response;
import dev.pegasus.protocol.thrift.duplication_task;
import dev.pegasus.protocol.thrift.learner_invitation;
import dev.pegasus.protocol.thrift.replica_assignment;
import dev.pegasus.protocol.thrift.split_task;
import dev.pegasus.server.replica.core.PartitionConfig;
import dev.pegasus.server.replica.duplication.DuplicationShipping;
import dev.pegasus.server.wire.PartitionConfigCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica server's periodic config sync: its beacon to the meta server (with a report of every
 * replica), and the answer it acts on: configurations for its replicas, learners to invite, garbage
 * to delete, and the lease. The lease is renewed only after every replica has taken the
 * configurations given with it, so a deposed primary steps down before it could serve on.
 */
public final class MetaSync {
    private static final Logger LOG = LoggerFactory.getLogger(MetaSync.class);

    private final MetaClient meta;
    private final RpcAddress self;
    private final ReplicaRegistry replicas;
    private final PartitionWorkers workers;
    private final Lease lease;
    private final BackupUploads backups;
    private final RestoreFetches restores;
    private final BulkLoadDownloads bulkLoads;
    private final DiskSpaceWatch disk;
    private final DuplicationShipping duplications;
    private final ServerLife life;
    private final long timeoutMs;
    private boolean reachable = true;

    MetaSync(MetaClient meta, RpcAddress self, ServerLife life, ReplicaRegistry replicas, PartitionWorkers workers,
            Lease lease,
            BackupUploads backups, RestoreFetches restores, BulkLoadDownloads bulkLoads, DiskSpaceWatch disk,
            DuplicationShipping duplications, long timeoutMs) {
        this.meta = meta;
        this.self = self;
        this.life = life;
        this.replicas = replicas;
        this.workers = workers;
        this.lease = lease;
        this.backups = backups;
        this.restores = restores;
        this.bulkLoads = bulkLoads;
        this.disk = disk;
        this.duplications = duplications;
        this.timeoutMs = timeoutMs;
    }

    /** One round; runs on the sync thread, never concurrently with itself. */
    void syncOnce() {
        long sentAtNanos = System.nanoTime();
        long startTimeMs = life.startTimeMs();
        config_sync_request request = new config_sync_request(self.pack(), replicas.reports(), startTimeMs)
                .setBackups(backups.reports()).setRestores(restores.reports())
                .setBulk_loads(bulkLoads.reports()).setDisk(disk.report())
                .setDuplications(duplications.reports());
        Optional<config_sync_response> answer;
        try {
            answer = meta.call(RpcMethods.CM_CONFIG_SYNC, request).get(timeoutMs * 4, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            answer = Optional.empty();
        }
        if (answer.isEmpty() || ErrorCode.fromName(answer.get().getErr()) != ErrorCode.ERR_OK
                || (answer.get().isSetStart_time_ms() && answer.get().getStart_time_ms() != startTimeMs)) {
            if (reachable) {
                LOG.warn("no meta server answered the config sync");
                reachable = false;
            }
            return;
        }
        if (!reachable) {
            LOG.info("meta server reached again");
            reachable = true;
        }
        config_sync_response response = answer.get();
        try {
            apply(response).get(timeoutMs * 4, TimeUnit.MILLISECONDS);
            lease.renew(sentAtNanos, response.getLease_ms());
        } catch (Exception e) {
            LOG.error("applying the config sync failed; the lease is not renewed", e);
        }
    }

    /**
     * Tells the meta server this server is stopping, once its lease is revoked (it serves nothing any
     * more), so that its roles move at once instead of after the lease and the grace period. Best effort:
     * a meta server that does not hear it waits them out as for a crash.
     */
    void leave() {
        config_sync_request request = new config_sync_request(self.pack(), replicas.reports(), life.startTimeMs())
                .setLeaving(true);
        try {
            meta.call(RpcMethods.CM_CONFIG_SYNC, request).get(timeoutMs * 2, TimeUnit.MILLISECONDS);
            LOG.info("told the meta server that this replica server leaves");
        } catch (Exception e) {
            LOG.warn("the meta server did not hear that this replica server leaves; it will wait out its lease");
        }
    }

    private CompletableFuture<Void> apply(config_sync_response response) {
        CompletableFuture<Void> applied = applyToReplicas(response, replicas, workers, restores::holdsBack);
        backups.onTasks(response.isSetBackup_tasks() ? response.getBackup_tasks() : List.of());
        bulkLoads.onTasks(response.isSetBulk_load_tasks() ? response.getBulk_load_tasks() : List.of());
        duplications.onTasks(response.isSetDuplication_tasks() ? response.getDuplication_tasks() : List.of());
        return applied;
    }

    /** Whether a replica waits for its data from a backup before it may take the configuration. */
    public interface HeldBack {
        boolean holdsBack(Gpid gpid, app_info table, PartitionConfig config);
    }

    /**
     * What the replicas do with a sync answer: take the configurations naming them (each in its
     * partition's order), invite the learners the meta server names, place the splits it asks for, and
     * delete garbage and replicas moved away. The future completes once every configuration is taken.
     */
    public static CompletableFuture<Void> applyToReplicas(config_sync_response response, ReplicaRegistry replicas,
            PartitionWorkers workers, HeldBack heldBack) {
        if (response.isSetCluster_id()) {
            replicas.setClusterId(response.getCluster_id());
        }
        replicas.setDuplicatedTables((response.isSetDuplication_tasks() ? response.getDuplication_tasks()
                : List.<duplication_task>of()).stream().map(duplication_task::getAppid).collect(Collectors.toSet()));
        List<CompletableFuture<Void>> applied = new ArrayList<>();
        for (replica_assignment assignment : response.getAssignments()) {
            Gpid gpid = Gpid.unpack(assignment.getConfig().getPid());
            PartitionConfig config = PartitionConfigCodec.fromThrift(assignment.getConfig());
            if (heldBack.holdsBack(gpid, assignment.getInfo(), config)) {
                continue;
            }
            PartitionReplica replica = replicas.getOrOpen(gpid);
            applied.add(workers.call(gpid, () -> {
                replica.onConfig(config, assignment.getInfo());
                return null;
            }));
        }
        for (learner_invitation invitation : response.isSetInvitations() ? response.getInvitations()
                : List.<learner_invitation>of()) {
            Gpid gpid = Gpid.unpack(invitation.getPid());
            replicas.get(gpid).ifPresent(replica -> applied.add(workers.call(gpid, () -> {
                replica.onInvitation(RpcAddress.unpack(invitation.getNode()), invitation.getBallot());
                return null;
            })));
        }
        for (split_task task : response.isSetSplit_tasks() ? response.getSplit_tasks() : List.<split_task>of()) {
            Gpid gpid = Gpid.unpack(task.getPid());
            replicas.get(gpid).ifPresent(replica -> workers.submit(gpid, () -> {
                if (!replica.isClosed()) {
                    replica.split(task.getNew_partition_count());
                }
            }));
        }
        if (response.getGarbage() != null && !response.getGarbage().isEmpty()) {
            replicas.deleteGarbage(response.getGarbage());
        }
        if (response.isSetMoved_away() && !response.getMoved_away().isEmpty()) {
            replicas.deleteMovedAway(response.getMoved_away());
        }
        return CompletableFuture.allOf(applied.toArray(CompletableFuture[]::new));
    }
}
