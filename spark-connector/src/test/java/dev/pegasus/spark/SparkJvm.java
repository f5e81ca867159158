package dev.pegasus.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Spark job in a JVM of its own, local[2] on loopback, whose rocksdbjni is Spark's (9.8.4) rather
 * than the servers': what a job's executors have on a Spark installation. The cluster under test
 * stays in this JVM, on the servers' rocksdbjni.
 */
final class SparkJvm {
    private SparkJvm() {
    }

    /** This JVM's classpath with Spark's rocksdbjni in place of the servers'. */
    static Stream<String> classpathWithSparksRocksDb() {
        String sparkRocksDb = System.getProperty("spark.rocksdb.jar");
        assertTrue(sparkRocksDb != null && Files.isRegularFile(Path.of(sparkRocksDb)),
                "Spark's rocksdbjni is copied by the build: " + sparkRocksDb);
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> entry.matches(".*rocksdbjni-[^" + File.separator + "]*\\.jar") ? sparkRocksDb : entry);
    }

    /**
     * Runs {@code mainClass} and waits for it to exit 0.
     *
     * @return what it printed (stdout and stderr)
     */
    static String run(String classpath, String mainClass, List<String> args, Duration timeout) throws Exception {
        Path log = Files.createTempFile(Files.createDirectories(Path.of("target")), "spark-jvm", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-XX:+UseSerialGC", "-Dspark.master=local[2]", "-Dspark.ui.enabled=false",
                "-Dspark.driver.host=127.0.0.1", "-Dlog4j2.configurationFile=log4j2-spark-jvm.properties",
                "-cp", classpath, mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process job = builder.start();
        boolean exited = job.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!exited) {
            job.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        assertTrue(exited, mainClass + " did not finish in " + timeout + ": " + output);
        assertEquals(0, job.exitValue(), output);
        return output;
    }
}
