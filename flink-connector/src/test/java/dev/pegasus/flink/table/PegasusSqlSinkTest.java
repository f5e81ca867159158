package dev.pegasus.flink.table;

import static dev.pegasus.flink.TableContents.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.PegasusTable;
import dev.pegasus.flink.PegasusCluster;
import dev.pegasus.flink.TableContents;
import dev.pegasus.flink.Throwables;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The 'pegasus' SQL connector end to end: DDL, INSERT, upserts and deletes, and refused schemas. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PegasusSqlSinkTest {
    @RegisterExtension
    static final PegasusCluster PEGASUS = new PegasusCluster();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static StreamExecutionEnvironment environment() {
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(2);
        return env;
    }

    private static StreamTableEnvironment tableEnvironment() {
        return StreamTableEnvironment.create(environment());
    }

    private static String with(String table) {
        return " WITH ('connector' = 'pegasus', 'meta-servers' = '" + PEGASUS.metaServers() + "', 'table' = '" + table
                + "', 'sink.flush-interval' = '50 ms')";
    }

    @Test
    void insertWritesEveryRow() throws Exception {
        PEGASUS.createTable("sql_events");
        TableEnvironment sql = tableEnvironment();
        sql.executeSql("CREATE TABLE numbers (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '2000', "
                + "'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '1999')");
        sql.executeSql("CREATE TABLE events (hash_key STRING, sort_key STRING, `value` STRING)" + with("sql_events"));
        sql.executeSql("INSERT INTO events SELECT CONCAT('user', CAST(id % 100 AS STRING)), "
                + "CONCAT('event', CAST(id AS STRING)), CONCAT('payload', CAST(id AS STRING)) FROM numbers").await();

        Map<String, String> expected = new TreeMap<>();
        for (int id = 0; id < 2000; id++) {
            expected.put("user" + id % 100 + "/event" + id, "payload" + id);
        }
        assertEquals(expected, TableContents.of(PEGASUS.client().openTable("sql_events")));
    }

    @Test
    void upsertsAndDeletesThroughThePrimaryKeyOfBinaryColumns() throws Exception {
        PEGASUS.createTable("sql_upserts");
        PegasusTable table = PEGASUS.client().openTable("sql_upserts");
        table.set(b("u1"), b("old"), b("to be deleted"));
        table.set(b("u1"), b("kept"), b("first"));
        StreamExecutionEnvironment env = environment();
        StreamTableEnvironment sql = StreamTableEnvironment.create(env);
        List<Row> changes = List.of(
                Row.ofKind(RowKind.INSERT, b("u1"), b("new"), b("inserted")),
                Row.ofKind(RowKind.UPDATE_AFTER, b("u1"), b("kept"), b("updated")),
                Row.ofKind(RowKind.DELETE, b("u1"), b("old"), b("to be deleted")));
        Table changelog = sql.fromChangelogStream(
                env.fromData(changes, Types.ROW(Types.PRIMITIVE_ARRAY(Types.BYTE),
                        Types.PRIMITIVE_ARRAY(Types.BYTE), Types.PRIMITIVE_ARRAY(Types.BYTE))).setParallelism(1),
                Schema.newBuilder().column("f0", DataTypes.BYTES().notNull()).column("f1", DataTypes.BYTES().notNull())
                        .column("f2", DataTypes.BYTES()).primaryKey("f0", "f1").build(),
                ChangelogMode.upsert());
        sql.createTemporaryView("changes", changelog);
        sql.executeSql("CREATE TABLE kv (hk BYTES NOT NULL, sk BYTES NOT NULL, v BYTES, PRIMARY KEY (hk, sk) NOT ENFORCED)"
                + with("sql_upserts").replace(")", ", 'hash-key-column' = 'hk', 'sort-key-column' = 'sk', "
                        + "'value-column' = 'v')"));
        sql.executeSql("INSERT INTO kv SELECT f0, f1, f2 FROM changes").await();

        assertEquals(Map.of("u1/new", "inserted", "u1/kept", "updated"), TableContents.of(table));
    }

    /** A plain INSERT into a table with a primary key, as README.md shows it: no ON CONFLICT clause needed. */
    @Test
    void anInsertOnlyQueryIntoAPrimaryKeyTableNeedsNoConflictClause() throws Exception {
        PEGASUS.createTable("sql_pk_inserts");
        TableEnvironment sql = tableEnvironment();
        sql.executeSql("CREATE TABLE visits (hash_key STRING, sort_key STRING, `value` STRING,"
                + " PRIMARY KEY (hash_key, sort_key) NOT ENFORCED)" + with("sql_pk_inserts"));
        sql.executeSql("INSERT INTO visits VALUES ('u1', 'home', 'a'), ('u1', 'cart', 'b'), ('u2', 'home', 'c')")
                .await();

        assertEquals(Map.of("u1/home", "a", "u1/cart", "b", "u2/home", "c"),
                TableContents.of(PEGASUS.client().openTable("sql_pk_inserts")));
    }

    /** README.md's aggregation whose upsert key is not the primary key, with its ON CONFLICT clause. */
    @Test
    void anAggregationByOtherColumnsThanThePrimaryKeyRunsWithItsConflictClause() throws Exception {
        PEGASUS.createTable("sql_page_counts");
        TableEnvironment sql = tableEnvironment();
        sql.executeSql("CREATE TEMPORARY VIEW clicks AS SELECT * FROM (VALUES ('home', 'eu'), ('home', 'eu'),"
                + " ('cart', 'us')) AS t (page, region)");
        sql.executeSql("CREATE TABLE page_counts (hash_key STRING, sort_key STRING, `value` STRING,"
                + " PRIMARY KEY (hash_key, sort_key) NOT ENFORCED)" + with("sql_page_counts"));
        sql.executeSql("INSERT INTO page_counts SELECT page, 'count', CAST(COUNT(*) AS STRING) FROM clicks"
                + " GROUP BY page, region ON CONFLICT DO DEDUPLICATE").await();

        assertEquals(Map.of("home/count", "2", "cart/count", "1"),
                TableContents.of(PEGASUS.client().openTable("sql_page_counts")));
    }

    @Test
    void missingColumnIsRefusedNamingIt() {
        StreamTableEnvironment sql = tableEnvironment();
        sql.executeSql("CREATE TABLE no_sort_key (hash_key STRING, `value` STRING)" + with("sql_events"));
        Exception failure = assertThrows(Exception.class,
                () -> sql.executeSql("INSERT INTO no_sort_key VALUES ('a', 'b')").await());
        String messages = Throwables.messages(failure);
        assertTrue(messages.contains("has no column 'sort_key' for the sort key (columns: [hash_key, value])"), messages);
    }

    @Test
    void mistypedColumnIsRefusedNamingIt() {
        StreamTableEnvironment sql = tableEnvironment();
        sql.executeSql("CREATE TABLE int_value (hash_key STRING, sort_key STRING, `value` INT)" + with("sql_events"));
        Exception failure = assertThrows(Exception.class,
                () -> sql.executeSql("INSERT INTO int_value VALUES ('a', 'b', 1)").await());
        String messages = Throwables.messages(failure);
        assertTrue(messages.contains("column 'value' (the value) of the Pegasus table 'sql_events' has type INT"), messages);
    }

    @Test
    void unmappedColumnIsRefusedNamingIt() {
        StreamTableEnvironment sql = tableEnvironment();
        sql.executeSql("CREATE TABLE extra (hash_key STRING, sort_key STRING, `value` STRING, ts BIGINT)"
                + with("sql_events"));
        Exception failure = assertThrows(Exception.class,
                () -> sql.executeSql("INSERT INTO extra VALUES ('a', 'b', 'c', 1)").await());
        String messages = Throwables.messages(failure);
        assertTrue(messages.contains("column 'ts' of the Pegasus table 'sql_events' is neither the hash key"), messages);
    }

    @Test
    void nullHashKeyFailsTheJobNamingTheColumn() {
        PEGASUS.createTable("sql_nulls");
        StreamTableEnvironment sql = tableEnvironment();
        sql.executeSql("CREATE TABLE nulls (hash_key STRING, sort_key STRING, `value` STRING)" + with("sql_nulls"));
        Exception failure = assertThrows(Exception.class,
                () -> sql.executeSql("INSERT INTO nulls VALUES (CAST(NULL AS STRING), 'b', 'c')").await());
        String messages = Throwables.messages(failure);
        assertTrue(messages.contains("column 'hash_key' (the hash key) is NULL in a row written to Pegasus table "
                + "'sql_nulls'"), messages);
    }

    @Test
    void unknownTableFailsTheJobNamingIt() {
        StreamTableEnvironment sql = tableEnvironment();
        sql.executeSql("CREATE TABLE missing (hash_key STRING, sort_key STRING, `value` STRING)" + with("sql_missing"));
        Exception failure = assertThrows(Exception.class,
                () -> sql.executeSql("INSERT INTO missing VALUES ('a', 'b', 'c')").await());
        String messages = Throwables.messages(failure);
        assertTrue(messages.contains("cannot open table 'sql_missing'"), messages);
    }
}
