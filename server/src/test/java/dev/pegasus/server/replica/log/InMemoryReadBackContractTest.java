package dev.pegasus.server.replica.log;

class InMemoryReadBackContractTest extends ReadBackContractTest {
    @Override
    protected MutationLog create(long segmentBytes) {
        return new InMemoryMutationLog(segmentBytes);
    }

    /** The twin models a restart with crash(): after a clean close everything is durable, so nothing is lost. */
    @Override
    protected MutationLog reopen(MutationLog closed) {
        ((InMemoryMutationLog) closed).crash();
        return closed;
    }

    @Override
    protected void settle(MutationLog log) {
        ((InMemoryMutationLog) log).flush();
    }
}
