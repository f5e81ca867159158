package dev.pegasus.checkpoint.tools;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One NameNode and one DataNode in the test JVM, on 127.0.0.1, with their files under {@code
 * target/minidfs/TEST_CLASS}: a JUnit extension that starts them before a test class and stops them
 * after it (starting takes seconds), registered as a static field with {@code @RegisterExtension}.
 */
public final class MiniHdfs implements BeforeAllCallback, AfterAllCallback {
    private MiniDFSCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        cluster = start(context.getRequiredTestClass().getSimpleName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.shutdown(true);
        }
    }

    private static MiniDFSCluster start(String name) throws IOException {
        Path baseDir = Path.of("target", "minidfs", name).toAbsolutePath();
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toString());
        for (String key : new String[] {"dfs.namenode.rpc-bind-host", "dfs.namenode.http-bind-host",
                "dfs.namenode.servicerpc-bind-host"}) {
            conf.set(key, "127.0.0.1");
        }
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        // A client closing a file polls the NameNode until the block is complete, first after 400 ms.
        conf.setInt("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", 10);
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, baseDir.toFile())
                .numDataNodes(1)
                .format(true)
                .build();
        cluster.waitActive();
        return cluster;
    }

    /** {@code hdfs://127.0.0.1:PORT/dir}. */
    public URI uri(String dir) {
        return URI.create("hdfs://127.0.0.1:" + cluster.getNameNodePort() + "/" + dir);
    }

    public Configuration configuration() {
        return cluster.getConfiguration(0);
    }
}
