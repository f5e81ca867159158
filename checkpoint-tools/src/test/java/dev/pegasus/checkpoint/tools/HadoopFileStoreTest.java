package dev.pegasus.checkpoint.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.checkpoint.FileStoreContractTest;
import dev.pegasus.checkpoint.FileStores;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HadoopFileStoreTest extends FileStoreContractTest {
    @RegisterExtension
    static final MiniHdfs hdfs = new MiniHdfs();

    @Override
    protected FileStore newStore(String testName) throws IOException {
        return HadoopFileStore.open(hdfs.uri("stores/" + testName), hdfs.configuration());
    }

    @Test
    void hdfsUrisOpenThroughTheServiceLoader() throws IOException {
        try (FileStore opened = FileStores.open(hdfs.uri("stores/loaded").toString())) {
            assertTrue(opened instanceof HadoopFileStore, opened.toString());
            write("shared", "x");
            assertEquals(hdfs.uri("stores/loaded"), opened.root());
        }
    }
}
