package dev.pegasus.protocol;

/**
 * Table environment keys the servers act on, in one place: clients set them, the meta server
 * validates them, replica servers apply them.
 */
public final class TableEnvs {
    /** Seconds a record lives when its write names no TTL; 0 (the default) means forever. */
    public static final String DEFAULT_TTL = "default_ttl";
    /**
     * {@link #SYNC} (the default): a write is acknowledged after every replica fsynced it to its log;
     * {@link #ASYNC}: after every replica wrote it to the OS, which survives a process crash only.
     */
    public static final String DURABILITY = "replica.durability";
    public static final String SYNC = "sync";
    public static final String ASYNC = "async";

    /**
     * Set on a table created by a restore: where its partitions' data comes from. The first replicas
     * of each partition fetch their checkpoint from this backup before they serve; replicas added
     * later learn from the primary as usual.
     */
    public static final String RESTORE_BACKUP_ROOT = "restore.backup_root";
    public static final String RESTORE_SOURCE_TABLE = "restore.source_table";
    public static final String RESTORE_BACKUP_ID = "restore.backup_id";

    private TableEnvs() {}
}
