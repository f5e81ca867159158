package dev.pegasus.checkpoint.tools;

import dev.pegasus.checkpoint.FileStore;
import java.io.IOException;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Backups under an {@code hdfs://} root on a MiniDFSCluster. */
class HdfsBackupReadingTest extends BackupReadingTest {
    @RegisterExtension
    static final MiniHdfs hdfs = new MiniHdfs();

    @Override
    FileStore newStore(String testName) throws IOException {
        return HadoopFileStore.open(hdfs.uri("backups/" + testName), hdfs.configuration());
    }
}
