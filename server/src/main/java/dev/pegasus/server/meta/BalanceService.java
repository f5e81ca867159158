package dev.pegasus.server.meta;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.balance_plan_response;
import dev.pegasus.protocol.thrift.decommission_op;
import dev.pegasus.protocol.thrift.decommission_request;
import dev.pegasus.protocol.thrift.decommission_response;
import dev.pegasus.protocol.thrift.meta_control_request;
import dev.pegasus.protocol.thrift.meta_control_response;
import dev.pegasus.protocol.thrift.meta_function_level;
import dev.pegasus.protocol.thrift.meta_level;
import dev.pegasus.protocol.thrift.node_load;
import dev.pegasus.server.meta.core.BalanceAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shell's view of balancing: the meta level (lively or steady), the balancer's plan, and draining
 * (decommissioning) replica servers. Runs on the DDL thread.
 */
final class BalanceService {
    private static final Logger LOG = LoggerFactory.getLogger(BalanceService.class);

    private final BalanceSettings settings;
    private final BalancerLoop balancer;
    private final TableManager tables;
    private final NodeRegistry nodes;

    BalanceService(BalanceSettings settings, BalancerLoop balancer, TableManager tables, NodeRegistry nodes) {
        this.settings = settings;
        this.balancer = balancer;
        this.tables = tables;
        this.nodes = nodes;
    }

    meta_control_response control(meta_control_request request) throws Exception {
        meta_level before = settings.level();
        meta_control_response response = new meta_control_response().setOld_level(onWire(before));
        meta_function_level asked = request.isSetLevel() ? request.getLevel() : meta_function_level.fl_invalid;
        if (asked != meta_function_level.fl_invalid) {
            Optional<meta_level> next = stored(asked);
            if (next.isEmpty()) {
                return Refusals.refuse(response.setLevel(onWire(before)), ErrorCode.ERR_INVALID_PARAMETERS,
                        "the meta level is lively or steady, not " + asked);
            }
            if (next.get() != before) {
                settings.setLevel(next.get());
                LOG.info("meta level set to {}", levelName(next.get()));
            }
        }
        return response.setErr(ErrorCode.ERR_OK.name()).setLevel(onWire(settings.level()))
                .setHint_message("meta level " + levelName(settings.level()));
    }

    /** The level as the control and plan answers carry it. */
    static meta_function_level onWire(meta_level level) {
        return level == meta_level.ML_STEADY ? meta_function_level.fl_steady : meta_function_level.fl_lively;
    }

    private static Optional<meta_level> stored(meta_function_level level) {
        return switch (level) {
            case fl_steady -> Optional.of(meta_level.ML_STEADY);
            case fl_lively -> Optional.of(meta_level.ML_LIVELY);
            default -> Optional.empty();
        };
    }

    balance_plan_response plan() {
        BalancerLoop.Round round = balancer.plan();
        List<node_load> loads = new ArrayList<>();
        Map<RpcAddress, Boolean> known = nodes.all();
        TreeSet<RpcAddress> listed = new TreeSet<>(known.keySet());
        listed.addAll(settings.draining());
        for (RpcAddress node : listed) {
            loads.add(new node_load(node.pack(), known.getOrDefault(node, false), settings.isDraining(node),
                    primaries(node), replicas(node)));
        }
        List<String> moves = new ArrayList<>();
        round.moves().forEach((gpid, move) -> moves.add(gpid + " " + move));
        List<String> steps = round.actions().stream().map(BalanceService::describe).toList();
        balance_plan_response response = new balance_plan_response().setErr(ErrorCode.ERR_OK.name())
                .setLevel(onWire(settings.level())).setFrozen(round.frozenReason().isPresent()).setNodes(loads)
                .setMoves_under_way(moves).setNext_steps(new ArrayList<>(steps));
        round.frozenReason().ifPresent(response::setFrozen_reason);
        return response;
    }

    decommission_response decommission(decommission_request request) throws Exception {
        decommission_response response = new decommission_response();
        if (!request.isSetNode() || request.getOp() == null || request.getOp() == decommission_op.DO_INVALID) {
            return Refusals.refuse(response, ErrorCode.ERR_INVALID_PARAMETERS,
                    "a decommission request names a node and an operation (start, cancel or query)");
        }
        RpcAddress node = RpcAddress.unpack(request.getNode());
        if (!nodes.all().containsKey(node) && !settings.isDraining(node) && replicas(node) == 0) {
            return Refusals.refuse(response, ErrorCode.ERR_OBJECT_NOT_FOUND, "no replica server " + node
                    + " is known to the meta server");
        }
        switch (request.getOp()) {
            case DO_START -> {
                String refusal = refusalToDrain(node);
                if (refusal != null) {
                    return Refusals.refuse(response, ErrorCode.ERR_INVALID_PARAMETERS, refusal);
                }
                if (!settings.isDraining(node)) {
                    settings.setDraining(node, true);
                    LOG.info("replica server {} is decommissioned: its replicas will move away", node);
                }
            }
            case DO_CANCEL -> {
                if (settings.isDraining(node)) {
                    settings.setDraining(node, false);
                    LOG.info("decommission of replica server {} canceled: it takes replicas again", node);
                }
            }
            default -> {
                // a query only
            }
        }
        int replicasLeft = replicas(node);
        boolean draining = settings.isDraining(node);
        boolean removable = draining && replicasLeft == 0;
        return response.setErr(ErrorCode.ERR_OK.name()).setDraining(draining).setReplicas_left(replicasLeft)
                .setPrimaries_left(primaries(node)).setRemovable(removable)
                .setHint_message(node + (removable ? " carries no replica any more: it may be stopped"
                        : draining ? " is being drained: " + replicasLeft + " replicas left"
                        : " is not decommissioned (" + replicasLeft + " replicas)"));
    }

    /** Draining must leave enough other alive servers for every table's replica count. */
    private String refusalToDrain(RpcAddress node) {
        long others = nodes.alive().stream().filter(n -> !n.equals(node) && !settings.isDraining(n)).count();
        int needed = tables.availablePartitions().stream().mapToInt(TablePartition::replicaCount).max().orElse(0);
        if (others < needed) {
            return "draining " + node + " would leave " + others + " replica servers for tables of " + needed
                    + " replicas: add replica servers first";
        }
        return null;
    }

    private int replicas(RpcAddress node) {
        return (int) tables.availablePartitions().stream().filter(p -> p.config().isMember(node)).count();
    }

    private int primaries(RpcAddress node) {
        return (int) tables.availablePartitions().stream().filter(p -> p.config().isPrimary(node)).count();
    }

    private static String describe(BalanceAction action) {
        Gpid gpid = action.gpid();
        if (action instanceof BalanceAction.Reconfigure reconfigure) {
            return gpid + ": " + reconfigure.reason() + " -> " + reconfigure.config();
        }
        return gpid + ": " + ((BalanceAction.StartMove) action).reason();
    }

    static String levelName(meta_level level) {
        return level == meta_level.ML_LIVELY ? "lively" : level == meta_level.ML_STEADY ? "steady" : "invalid";
    }
}
