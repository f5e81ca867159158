package dev.pegasus.checkpoint.tools;

import dev.pegasus.checkpoint.FileStore;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Backups under an {@code hdfs://} root on a MiniDFSCluster. */
class HdfsBackupReadingTest extends BackupReadingTest {
    private static MiniHdfs hdfs;

    @BeforeAll
    static void startHdfs() throws IOException {
        hdfs = MiniHdfs.start(HdfsBackupReadingTest.class.getSimpleName());
    }

    @AfterAll
    static void stopHdfs() {
        if (hdfs != null) {
            hdfs.close();
        }
    }

    @Override
    FileStore newStore(String testName) throws IOException {
        return HadoopFileStore.open(hdfs.uri("backups/" + testName), hdfs.configuration());
    }
}
