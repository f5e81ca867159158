package dev.pegasus.client;

import dev.pegasus.protocol.thrift.app_info;
import dev.pegasus.protocol.thrift.app_status;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A table as the meta server describes it.
 *
 * @param status the table's state without the wire prefix, e.g. {@code "AVAILABLE"}, {@code "DROPPED"}
 * @param dropTime when the table was dropped, if it was
 * @param expireTime for a dropped table, when its data may be deleted (after which it cannot be recalled)
 */
public record TableInfo(int appId, String name, String status, int partitionCount, int replicaCount,
        Map<String, String> envs, Instant createTime, Optional<Instant> dropTime, Optional<Instant> expireTime) {
    public TableInfo {
        envs = Map.copyOf(envs);
    }

    static TableInfo from(app_info info) {
        return new TableInfo(info.getApp_id(), info.getApp_name(), statusName(info.getStatus()),
                info.getPartition_count(), info.getMax_replica_count(),
                info.getEnvs() == null ? Map.of() : info.getEnvs(), Instant.ofEpochSecond(info.getCreate_second()),
                secondsIfSet(info.getDrop_second()), secondsIfSet(info.getExpire_second()));
    }

    static String statusName(app_status status) {
        if (status == null) {
            return "INVALID";
        }
        String name = status.name();
        return name.startsWith("AS_") ? name.substring(3) : name;
    }

    private static Optional<Instant> secondsIfSet(long epochSecond) {
        return epochSecond > 0 ? Optional.of(Instant.ofEpochSecond(epochSecond)) : Optional.empty();
    }
}
