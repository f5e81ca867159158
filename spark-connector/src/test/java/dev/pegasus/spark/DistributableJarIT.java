package dev.pegasus.spark;

import static dev.pegasus.spark.SnapshotFixture.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.checkpoint.tools.BackupTool;
import dev.pegasus.client.FullKeyValue;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.spark.examples.PrefixCounts;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The jar handed to spark-submit, as a Spark installation runs it: in a JVM whose classpath is
 * Spark's (its Netty, its rocksdbjni 9.8.4) plus that jar, without the project's unshaded artifacts
 * or libthrift, the example job reads a backup of a real cluster and writes its counts back online.
 */
class DistributableJarIT {
    @RegisterExtension
    static final SharedCluster cluster = new SharedCluster();
    private static final Pattern BACKUP_ID = Pattern.compile("backup (\\d+) of table");

    @Test
    void theExampleJobRunsOnSparksClasspathWithTheDistributableJar() throws Exception {
        cluster.client().admin().createTable("visits", 4, 3, Map.of());
        cluster.client().admin().createTable("visit_counts", 2, 3, Map.of());
        PegasusTable visits = cluster.client().openTable("visits");
        List<FullKeyValue> records = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            records.add(new FullKeyValue(b((i % 3 == 0 ? "web" : "app") + i), b("t"), b("v")));
        }
        visits.batchSet(records, 0);
        Path backups = Files.createDirectories(Path.of("target", "it-backups").toAbsolutePath());
        String root = backups.toUri().toString().replaceAll("/$", "");
        String snapshot = root + "/visits/" + backUp(root);

        SparkJvm.run(sparkClasspath(), PrefixCounts.class.getName(),
                List.of(snapshot, "3", cluster.metaAddress(), "visit_counts"), Duration.ofSeconds(240));

        PegasusTable counts = cluster.client().openTable("visit_counts");
        assertEquals("100", new String(counts.get(b("prefix_counts"), b("web")), StandardCharsets.UTF_8));
        assertEquals("200", new String(counts.get(b("prefix_counts"), b("app")), StandardCharsets.UTF_8));
    }

    @Test
    void theGeneratorJobRunsOnSparksClasspathWithTheDistributableJar() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "it-generate").toAbsolutePath());
        Path input = Files.writeString(work.resolve("rows.csv"), "hash_key,sort_key,value,ttl_seconds\n"
                + "u1,a,first,\nu2,b,kept,3600\nu1,a,last,\n");
        Path out = work.resolve("out");
        String output = SparkJvm.run(sparkClasspath(), BulkLoadGenerateJob.class.getName(), List.of("--input",
                input.toString(), "--format", "csv", "--table-partitions", "4", "--out", out.toUri().toString(),
                "--table", "users", "--overwrite"), Duration.ofSeconds(240));
        assertTrue(output.contains("generated 2 records for table users, 4 partitions"), output);
        assertTrue(Files.readString(out.resolve("bulk_load_info.json")).contains("\"record_count\" : 2"), output);
    }

    /**
     * This JVM's classpath less the project's own artifacts and libthrift, with Spark's rocksdbjni
     * instead of the servers', plus the distributable jar and the example's class.
     */
    private static String sparkClasspath() {
        Path jar = Path.of(System.getProperty("connector.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " is built by the package phase");
        Stream<String> spark = SparkJvm.classpathWithSparksRocksDb()
                .filter(entry -> !isProjectArtifact(entry) && !entry.contains("libthrift"));
        Path exampleClasses = Path.of("target", "test-classes").toAbsolutePath();
        return Stream.concat(spark, Stream.of(jar.toString(), exampleClasses.toString())).distinct()
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static boolean isProjectArtifact(String entry) {
        String path = entry.replace(File.separatorChar, '/');
        return path.contains("/dev/pegasus/") || path.contains("pegasus-") || path.endsWith("/target/classes")
                || path.endsWith("/target/test-classes");
    }

    private static String backUp(String root) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BackupTool.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                "start", "--meta", cluster.metaAddress(), "--table", "visits", "--to", root);
        Matcher id = BACKUP_ID.matcher(out.toString());
        assertTrue(code == BackupTool.OK && id.find(), out + " " + err);
        return id.group(1);
    }
}
