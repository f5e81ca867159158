package dev.pegasus.server.meta;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.config_sync_request;
import dev.pegasus.protocol.thrift.config_sync_response;
import dev.pegasus.protocol.thrift.learner_invitation;
import dev.pegasus.protocol.thrift.partition_status;
import dev.pegasus.protocol.thrift.replica_assignment;
import dev.pegasus.protocol.thrift.replica_report;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a replica server's config sync, which is also its beacon: records the server as alive with
 * what it reported, and grants it a lease.
 *
 * <p>The answer holds the configurations naming the server — unless it restarted since it became a
 * member ({@link MemberLives#lost}): a restarted server never regains a role from its previous life —
 * and the configurations of partitions it reports holding in a role without being a member, so that a
 * deposed primary steps down before its lease is renewed. It hands a primary the pending
 * {@link LearnerInvitations} of its partitions, and names the replicas of tables gone for good as
 * garbage, and the copies of live partitions it no longer needs as moved away. It carries backup and
 * bulk load tasks, duplications, and progress reports both ways, and the cluster id for timetags. Runs on the network threads, from memory.
 */
final class SyncResponder {
    private static final Logger LOG = LoggerFactory.getLogger(SyncResponder.class);
    /** Statuses of a replica acting in a role of its partition, which must hear when it loses the role. */
    private static final Set<partition_status> ROLES = Set.of(partition_status.PS_PRIMARY,
            partition_status.PS_SECONDARY, partition_status.PS_POTENTIAL_SECONDARY);

    private final NodeRegistry nodes;
    private final MemberLives lives;
    private final LearnerInvitations invitations;
    private final TableManager tables;
    private final BackupCoordinator backups;
    private final RestoreCoordinator restores;
    private final BulkLoadCoordinator bulkLoads;
    private final SplitCoordinator splits;
    private final DuplicationCoordinator duplications;
    private final int clusterId;
    private final Duration lease;

    SyncResponder(NodeRegistry nodes, MemberLives lives, LearnerInvitations invitations, TableManager tables,
            BackupCoordinator backups, RestoreCoordinator restores, BulkLoadCoordinator bulkLoads,
            SplitCoordinator splits, DuplicationCoordinator duplications, int clusterId, Duration lease) {
        this.nodes = nodes;
        this.lives = lives;
        this.invitations = invitations;
        this.tables = tables;
        this.backups = backups;
        this.restores = restores;
        this.bulkLoads = bulkLoads;
        this.splits = splits;
        this.duplications = duplications;
        this.clusterId = clusterId;
        this.lease = lease;
    }

    config_sync_response answer(config_sync_request request) {
        RpcAddress node = RpcAddress.unpack(request.getNode());
        long life = request.getStart_time_ms();
        if (request.isLeaving()) {
            nodes.left(node, life);
            LOG.info("replica server {} leaves (started at {}): its roles move at once", node, life);
            return new config_sync_response().setErr(ErrorCode.ERR_OK.name()).setAssignments(new ArrayList<>())
                    .setGarbage(new ArrayList<>()).setLease_ms(0).setStart_time_ms(life);
        }
        Map<Gpid, NodeRegistry.ReportedReplica> reported = reports(request);
        Optional<NodeRegistry.NodeDisk> disk = Optional.ofNullable(request.getDisk()).map(space ->
                new NodeRegistry.NodeDisk(space.getFree_bytes(), space.getTotal_bytes(), space.isLow(), space.getPath()));
        boolean wasShort = nodes.disk(node).filter(NodeRegistry.NodeDisk::low).isPresent();
        if (disk.filter(NodeRegistry.NodeDisk::low).isPresent() != wasShort && disk.isPresent()) {
            LOG.warn("replica server {} {}: {} MB free of {} MB", node, wasShort ? "has disk space again"
                    : "is short of disk space; its primaries move away", disk.get().freeBytes() >> 20,
                    disk.get().totalBytes() >> 20);
        }
        if (nodes.recordSync(node, life, reported, disk)) {
            LOG.info("replica server {} is alive (started at {})", node, life);
        }
        List<TablePartition> partitions = tables.availablePartitions();

        List<replica_assignment> assignments = new ArrayList<>();
        List<learner_invitation> invited = new ArrayList<>();
        List<Long> movedAway = new ArrayList<>();
        for (TablePartition partition : partitions) {
            Gpid gpid = partition.gpid();
            boolean member = partition.config().isMember(node);
            NodeRegistry.ReportedReplica replica = reported.get(gpid);
            boolean inRole = replica != null && replica.status() != null && ROLES.contains(replica.status());
            if (member && replica != null) {
                lives.adopt(node, life, gpid, partition.config(), replica);
            }
            if (member ? !lives.lost(node, gpid, partition.config()) : inRole) {
                assignments.add(new replica_assignment(partition.info(), partition.toThrift()));
            }
            if (replica != null && isMovedAway(node, partition)) {
                movedAway.add(gpid.pack());
            }
            if (partition.config().isPrimary(node) && !lives.lost(node, gpid, partition.config())) {
                // The current ballot: the invitation stands for the configuration the primary holds now.
                invitations.pending(gpid, partition.config()).ifPresent(invitation -> invited.add(
                        new learner_invitation(gpid.pack(), invitation.learner().pack(), partition.config().ballot())));
            }
        }
        List<Long> garbage = reported.keySet().stream().filter(tables::isGarbage).map(Gpid::pack).toList();
        if (request.isSetBackups()) {
            backups.onReports(node, request.getBackups());
        }
        if (request.isSetRestores()) {
            restores.onReports(node, request.getRestores());
        }
        if (request.isSetBulk_loads()) {
            bulkLoads.onReports(node, request.getBulk_loads());
        }
        if (request.isSetDuplications()) {
            duplications.onReports(node, request.getDuplications());
        }
        return new config_sync_response().setErr(ErrorCode.ERR_OK.name()).setAssignments(assignments)
                .setGarbage(new ArrayList<>(garbage)).setLease_ms(lease.toMillis()).setInvitations(invited)
                .setStart_time_ms(life).setMoved_away(movedAway).setBackup_tasks(backups.tasksFor(node))
                .setBulk_load_tasks(bulkLoads.tasksFor(node)).setSplit_tasks(splits.tasksFor(node))
                .setDuplication_tasks(duplications.tasksFor(node)).setCluster_id(clusterId);
    }

    /**
     * A copy the partition does without: the node is neither a member, nor one of the last members
     * remembered for a partition left without any, nor a learner invited to join, and the partition has
     * a primary and its full replica count.
     */
    private boolean isMovedAway(RpcAddress node, TablePartition partition) {
        PartitionConfig config = partition.config();
        return !config.isMember(node) && !config.lastDrops().contains(node) && config.primary().isPresent()
                && config.members().size() >= partition.replicaCount()
                && invitations.pending(partition.gpid(), config).filter(i -> i.learner().equals(node)).isEmpty();
    }

    private static Map<Gpid, NodeRegistry.ReportedReplica> reports(config_sync_request request) {
        Map<Gpid, NodeRegistry.ReportedReplica> reported = new HashMap<>();
        for (replica_report report : request.getReplicas() == null ? List.<replica_report>of() : request.getReplicas()) {
            reported.put(Gpid.unpack(report.getPid()), new NodeRegistry.ReportedReplica(report.getStatus(),
                    report.getBallot(), report.getLast_committed_decree(),
                    report.isSetLast_prepared_decree() ? report.getLast_prepared_decree() : report.getLast_committed_decree(),
                    report.isLagging()));
        }
        return reported;
    }
}
