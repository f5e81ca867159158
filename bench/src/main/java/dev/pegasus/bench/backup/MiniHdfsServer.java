package dev.pegasus.bench.backup;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * An HDFS (one NameNode, one DataNode) on 127.0.0.1 for the backup benchmark; runs until its
 * standard input closes.
 */
@Command(name = "mini-hdfs", mixinStandardHelpOptions = true)
public final class MiniHdfsServer implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "where the NameNode and DataNode keep their files")
    Path dir;

    @Option(names = "--port", defaultValue = "29000", description = "NameNode RPC port")
    int port;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MiniHdfsServer()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.toAbsolutePath().toString());
        for (String key : new String[] {"dfs.namenode.rpc-bind-host", "dfs.namenode.http-bind-host",
                "dfs.namenode.servicerpc-bind-host"}) {
            conf.set(key, "127.0.0.1");
        }
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, dir.toFile()).numDataNodes(1).nameNodePort(port)
                .format(true).build();
        cluster.waitActive();
        System.out.println("hdfs://127.0.0.1:" + cluster.getNameNodePort() + " ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // runs until the benchmark closes our input
        }
        cluster.shutdown(true);
        return 0;
    }
}
