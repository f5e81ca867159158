package dev.pegasus.server.replica.log;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileReadBackContractTest extends ReadBackContractTest {
    @TempDir
    Path dir;

    private long segmentBytes;

    @Override
    protected MutationLog create(long segmentBytes) {
        this.segmentBytes = segmentBytes;
        return FileMutationLog.open(dir, segmentBytes);
    }

    @Override
    protected MutationLog reopen(MutationLog closed) {
        return FileMutationLog.open(dir, segmentBytes);
    }

    @Override
    protected void settle(MutationLog log) {}
}
