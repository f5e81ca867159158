package dev.pegasus.shell;

import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The last resort for a partition whose last members are gone for good. */
final class RecoveryCommands {
    private RecoveryCommands() {}

    @Command(name = "recover_partition", description = {
            "Give a partition whose last members are all gone a primary again, from a replica server alive with a"
                    + " copy. Writes only the absent members logged are lost. Without --yes it only says what it"
                    + " would do and what may be lost. `app TABLE -d` shows which partitions wait and why."})
    static final class RecoverPartition implements Callable<Integer> {
        @ParentCommand ShellRoot root;
        @Parameters(index = "0", paramLabel = "TABLE")
        String table;
        @Parameters(index = "1", paramLabel = "PARTITION_INDEX")
        int partition;
        @Option(names = "--from", paramLabel = "HOST:PORT",
                description = "the replica server to recover from (default: the one whose copy reaches furthest)")
        String from;
        @Option(names = "--yes", description = "do it, accepting the loss it states")
        boolean confirmed;

        @Override
        public Integer call() {
            String outcome = root.session.client().admin().forceRecovery(table, partition, Optional.ofNullable(from),
                    confirmed);
            root.session.out().printf("%s%n", outcome);
            if (!confirmed) {
                root.session.out().printf("nothing was changed; run it again with --yes to do it%n");
            }
            return 0;
        }
    }
}
