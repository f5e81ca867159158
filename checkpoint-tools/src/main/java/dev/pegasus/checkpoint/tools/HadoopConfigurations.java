package dev.pegasus.checkpoint.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * The Hadoop configuration a file store uses: Hadoop's defaults and {@code *-site.xml} files on the
 * classpath, then {@code core-site.xml} and {@code hdfs-site.xml} of the directory {@code
 * HADOOP_CONF_DIR} names, as Hadoop's own commands read them (needed for HA name services such as
 * {@code hdfs://nameservice1/...}).
 */
public final class HadoopConfigurations {
    static final String CONF_DIR_VARIABLE = "HADOOP_CONF_DIR";
    private static final List<String> SITE_FILES = List.of("core-site.xml", "hdfs-site.xml");

    private HadoopConfigurations() {
    }

    public static Configuration fromEnvironment() {
        return withSiteFiles(Optional.ofNullable(System.getenv(CONF_DIR_VARIABLE)).map(Path::of));
    }

    static Configuration withSiteFiles(Optional<Path> confDir) {
        Configuration conf = new Configuration();
        confDir.ifPresent(dir -> SITE_FILES.stream().map(dir::resolve).filter(Files::isRegularFile)
                .forEach(file -> conf.addResource(new org.apache.hadoop.fs.Path(file.toUri()))));
        return conf;
    }
}
