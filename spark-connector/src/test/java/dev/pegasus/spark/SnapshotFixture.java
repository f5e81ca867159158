package dev.pegasus.spark;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.pegasus.checkpoint.tools.BackupTool;
import dev.pegasus.client.FullKeyValue;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.server.testing.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * A table written through the client (overwrites, deletes, long and short TTLs) and backed up by the
 * cluster with the backup command line, plus the model of the records live after the short TTLs end.
 */
final class SnapshotFixture {
    static final int PARTITIONS = 8;
    static final int HASH_KEYS = 100;
    static final int SORT_KEYS = 10;
    static final int EPHEMERAL = 20;
    /** Long enough for the backup to be taken before they expire, even on a busy machine. */
    static final int SHORT_TTL_SECONDS = 20;
    private static final Pattern BACKUP_ID = Pattern.compile("backup (\\d+) of table");

    final String table;
    final String root;
    final String backupId;
    /** "hashKey/sortKey" → value of every record live after the short TTLs ended. */
    final Map<String, String> live;
    /** Keys ("hashKey/sortKey") of the records written with a long TTL. */
    final List<String> withTtl;

    private SnapshotFixture(String table, String root, String backupId, Map<String, String> live,
            List<String> withTtl) {
        this.table = table;
        this.root = root;
        this.backupId = backupId;
        this.live = live;
        this.withTtl = withTtl;
    }

    String snapshot() {
        return root + "/" + table + "/" + backupId;
    }

    static SnapshotFixture create(PegasusClient client, String metaAddress, String table, String root) {
        client.admin().createTable(table, PARTITIONS, 3, Map.of());
        PegasusTable t = client.openTable(table);
        // First, so that their TTL runs while the rest is written and backed up.
        List<FullKeyValue> shortTtl = new ArrayList<>();
        for (int k = 0; k < EPHEMERAL; k++) {
            shortTtl.add(new FullKeyValue(b("ephemeral" + k), b("t"), b("gone")));
        }
        t.batchSet(shortTtl, SHORT_TTL_SECONDS);
        Map<String, String> live = new TreeMap<>();
        List<FullKeyValue> plain = new ArrayList<>();
        for (int i = 0; i < HASH_KEYS; i++) {
            for (int j = 0; j < SORT_KEYS; j++) {
                plain.add(record(live, "user" + i, "s" + j, "v" + i + "-" + j));
            }
        }
        t.batchSet(plain, 0);
        List<FullKeyValue> overwrites = new ArrayList<>();
        List<String> withTtl = new ArrayList<>();
        for (int i = 0; i < HASH_KEYS; i += 10) {
            overwrites.add(record(live, "user" + i, "s0", "new" + i));
            t.del(b("user" + (i + 1)), b("s1"));
            live.remove("user" + (i + 1) + "/s1");
        }
        t.batchSet(overwrites, 0);
        List<FullKeyValue> longTtl = new ArrayList<>();
        for (int i = 2; i < HASH_KEYS; i += 10) {
            longTtl.add(record(live, "user" + i, "s2", "ttl" + i));
            withTtl.add("user" + i + "/s2");
        }
        t.batchSet(longTtl, 86_400);

        String backupId = backUp(metaAddress, table, root);
        Await.until("the short TTLs to end", Duration.ofSeconds(SHORT_TTL_SECONDS + 30),
                () -> IntStream.range(0, EPHEMERAL).allMatch(k -> t.get(b("ephemeral" + k), b("t")) == null));
        return new SnapshotFixture(table, root, backupId, live, withTtl);
    }

    private static FullKeyValue record(Map<String, String> live, String hashKey, String sortKey, String value) {
        live.put(hashKey + "/" + sortKey, value);
        return new FullKeyValue(b(hashKey), b(sortKey), b(value));
    }

    static String backUp(String metaAddress, String table, String root) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BackupTool.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                "start", "--meta", metaAddress, "--table", table, "--to", root);
        if (code != BackupTool.OK) {
            throw new IllegalStateException("backup of " + table + " failed: " + out + err);
        }
        Matcher id = BACKUP_ID.matcher(out.toString());
        if (!id.find()) {
            throw new IllegalStateException("no backup id in: " + out);
        }
        return id.group(1);
    }

    static byte[] b(String text) {
        return text.getBytes(UTF_8);
    }
}
