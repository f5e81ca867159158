package dev.pegasus.client;

import dev.pegasus.protocol.thrift.backup_policy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Scheduled backups: the meta server backs up each table every interval and deletes the oldest of its
 * backups beyond {@code keep}, so that a backup root does not grow without end. The meta server checks
 * a policy when it is added and refuses one that is incomplete.
 *
 * @param name 1-64 letters, digits, {@code _} or {@code -}; backups it starts carry it
 * @param tables the tables it backs up, each on its own schedule
 * @param interval time between two backups of a table, in whole seconds
 * @param keep successful backups kept per table
 * @param backupRoot where its backups go, a URI such as {@code hdfs://host:port/dir} or {@code file:///dir}
 * @param startAfter no backup starts before this time; {@link Instant#EPOCH} to start at once
 */
public record BackupPolicy(String name, List<String> tables, Duration interval, int keep, String backupRoot,
        Instant startAfter) {
    public BackupPolicy {
        // A policy without tables is left for the meta server to refuse, with its reason.
        tables = tables == null ? List.of() : List.copyOf(tables);
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(startAfter, "startAfter");
    }

    static BackupPolicy from(backup_policy policy) {
        return new BackupPolicy(policy.getName(), Wire.list(policy.getApp_names()),
                Duration.ofSeconds(policy.getInterval_seconds()), policy.getKeep(), policy.getBackup_root(),
                Instant.ofEpochMilli(policy.getStart_after_ms()));
    }

    /** The policy to add; the meta server enables it as it stores it. */
    backup_policy wire() {
        return new backup_policy().setName(name).setApp_names(new ArrayList<>(tables))
                .setInterval_seconds(interval.toSeconds()).setKeep(keep).setBackup_root(backupRoot)
                .setStart_after_ms(startAfter.toEpochMilli());
    }
}
