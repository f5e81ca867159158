package dev.pegasus.server.meta;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.force_recovery_request;
import dev.pegasus.protocol.thrift.force_recovery_response;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An operator's last resort for a partition whose last members are all gone for good: it is given a
 * primary under a new ballot from a replica that is alive and holds a copy, though that copy may miss
 * writes only the absent members logged. Without confirmation it only says what it would do and what
 * may be lost. The guardian never does this by itself: it waits for a last member, which holds every
 * committed write. Runs on the DDL thread, like every change of a configuration.
 */
final class ForcedRecovery {
    private final TableManager tables;
    private final NodeRegistry nodes;

    ForcedRecovery(TableManager tables, NodeRegistry nodes) {
        this.tables = tables;
        this.nodes = nodes;
    }

    force_recovery_response handle(force_recovery_request request) throws Exception {
        force_recovery_response response = new force_recovery_response();
        Optional<StoredTable> table = tables.availableTable(request.getApp_name());
        if (table.isEmpty()) {
            return Refusals.refuse(response, ErrorCode.ERR_APP_NOT_EXIST, "table '" + request.getApp_name()
                    + "' does not exist");
        }
        int index = request.getPartition_index();
        if (index < 0 || index >= table.get().partitions().size()) {
            return Refusals.refuse(response, ErrorCode.ERR_INVALID_PARAMETERS, "table '" + request.getApp_name()
                    + "' has partitions 0 to " + (table.get().partitions().size() - 1) + ", not " + index);
        }
        Gpid gpid = table.get().gpid(index);
        PartitionConfig config = table.get().partitions().get(index);
        response.setBallot(config.ballot());
        if (config.primary().isPresent() || !config.secondaries().isEmpty() || config.lastDrops().isEmpty()) {
            return Refusals.refuse(response, ErrorCode.ERR_INVALID_STATE, "partition " + gpid + " is not waiting for"
                    + " lost members (" + config + "): the meta server repairs it by itself");
        }
        List<RpcAddress> holders = nodes.synced().stream().filter(node -> nodes.usableCopy(node, gpid).isPresent())
                .toList();
        Optional<RpcAddress> chosen = request.isSetNode() ? Optional.of(RpcAddress.unpack(request.getNode()))
                : holders.stream().max(Comparator.<RpcAddress>comparingLong(node -> committed(node, gpid))
                        .thenComparingLong(node -> prepared(node, gpid)));
        if (chosen.isEmpty() || !holders.contains(chosen.get())) {
            return Refusals.refuse(response, ErrorCode.ERR_OBJECT_NOT_FOUND, chosen.map(node -> node + " is not")
                    .orElse("no replica server is") + " alive with a copy of partition " + gpid + "; alive with one: "
                    + holders + "; its last members " + config.lastDrops() + " are gone");
        }
        RpcAddress from = chosen.get();
        List<RpcAddress> absent = config.lastDrops().stream().filter(node -> !holders.contains(node)).toList();
        String loss = (config.lastDrops().contains(from) ? "" : from + " was not among the last members; ")
                + "writes that only " + absent + " logged are lost: " + from + " holds decrees up to "
                + prepared(from, gpid) + " (" + committed(from, gpid) + " known committed)";
        if (!request.isConfirmed()) {
            return response.setErr(ErrorCode.ERR_OK.name()).setHint_message("would make " + from + " the primary of "
                    + gpid + " under ballot " + (config.ballot() + 1) + "; " + loss);
        }
        PartitionConfig forced = config.promote(from);
        tables.storeConfig(gpid, config, forced, "forced by an operator: " + loss);
        return response.setErr(ErrorCode.ERR_OK.name()).setBallot(forced.ballot()).setHint_message(from
                + " is the primary of " + gpid + " under ballot " + forced.ballot() + "; " + loss);
    }

    private long committed(RpcAddress node, Gpid gpid) {
        return nodes.usableCopy(node, gpid).map(NodeRegistry.ReportedReplica::committedDecree).orElse(0L);
    }

    private long prepared(RpcAddress node, Gpid gpid) {
        return nodes.usableCopy(node, gpid).map(NodeRegistry.ReportedReplica::preparedDecree).orElse(0L);
    }
}
