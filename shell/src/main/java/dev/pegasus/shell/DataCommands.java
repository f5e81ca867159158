package dev.pegasus.shell;

import dev.pegasus.client.MultiGetResult;
import dev.pegasus.client.PartitionConfiguration;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.client.SortKeyValue;
import dev.pegasus.protocol.PartitionHash;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Single-record and single-hash-key commands on the current table. */
final class DataCommands {
    private DataCommands() {}

    /** The hash key and sort key most data commands start with. */
    abstract static class KeyCommand implements Callable<Integer> {
        @ParentCommand ShellRoot root;
        @Parameters(index = "0", paramLabel = "HASH_KEY")
        String hashKey;
        @Parameters(index = "1", paramLabel = "SORT_KEY")
        String sortKey;

        byte[] hk() {
            return Escapes.parse(hashKey);
        }

        byte[] sk() {
            return Escapes.parse(sortKey);
        }

        PegasusTable table() {
            return root.session.table();
        }

        PrintWriter out() {
            return root.session.out();
        }
    }

    @Command(name = "set", description = "Write a record: set HASH_KEY SORT_KEY VALUE [TTL_SECONDS].")
    static final class Set extends KeyCommand {
        @Parameters(index = "2", paramLabel = "VALUE")
        String value;
        @Parameters(index = "3", paramLabel = "TTL_SECONDS", arity = "0..1", defaultValue = "0")
        int ttlSeconds;

        @Override
        public Integer call() {
            table().set(hk(), sk(), Escapes.parse(value), ttlSeconds);
            out().println("OK");
            return 0;
        }
    }

    @Command(name = "get", description = "Read a record's value.")
    static final class Get extends KeyCommand {
        @Override
        public Integer call() {
            byte[] value = table().get(hk(), sk());
            out().println(value == null ? "Not found" : Escapes.print(value));
            return 0;
        }
    }

    @Command(name = "del", description = "Delete a record.")
    static final class Del extends KeyCommand {
        @Override
        public Integer call() {
            table().del(hk(), sk());
            out().println("OK");
            return 0;
        }
    }

    @Command(name = "exist", description = "Whether a record exists.")
    static final class Exist extends KeyCommand {
        @Override
        public Integer call() {
            out().println(table().exist(hk(), sk()) ? "True" : "False");
            return 0;
        }
    }

    @Command(name = "ttl", description = "Seconds a record has left (-1: no TTL).")
    static final class Ttl extends KeyCommand {
        @Override
        public Integer call() {
            int ttl = table().ttl(hk(), sk());
            out().println(ttl == -2 ? "Not found" : ttl == -1 ? "Infinite" : Integer.toString(ttl));
            return 0;
        }
    }

    @Command(name = "incr", description = "Add to an int64 record: incr HASH_KEY SORT_KEY [INCREMENT].")
    static final class Incr extends KeyCommand {
        @Parameters(index = "2", paramLabel = "INCREMENT", arity = "0..1", defaultValue = "1")
        long increment;

        @Override
        public Integer call() {
            out().println(table().incr(hk(), sk(), increment, 0));
            return 0;
        }
    }

    @Command(name = "hash", description = "Show the partition of a key and the node serving it.")
    static final class Hash extends KeyCommand {
        @Override
        public Integer call() {
            long hash = PartitionHash.of(hk(), sk());
            PegasusTable table = table();
            int index = PartitionHash.partitionIndex(hash, table.partitionCount());
            PartitionConfiguration partition = root.session.client().admin().queryConfig(table.name())
                    .partitions().get(index);
            out().printf("hash_key: %s%nsort_key: %s%nhash: %s%npartition_index: %d%nprimary: %s%nsecondaries: %s%n",
                    hashKey, sortKey, Long.toUnsignedString(hash), index, partition.primary(), partition.secondaries());
            return 0;
        }
    }

    /** Commands on one hash key. */
    abstract static class HashKeyCommand implements Callable<Integer> {
        @ParentCommand ShellRoot root;
        @Parameters(index = "0", paramLabel = "HASH_KEY")
        String hashKey;

        byte[] hk() {
            return Escapes.parse(hashKey);
        }
    }

    @Command(name = "multi_set", description = "Write records of one hash key: multi_set HASH_KEY SK1 V1 [SK2 V2 ...].")
    static final class MultiSet extends HashKeyCommand {
        @Parameters(index = "1..*", paramLabel = "SORT_KEY VALUE")
        List<String> pairs = new ArrayList<>();
        @Option(names = {"-t", "--ttl"}, defaultValue = "0", description = "TTL in seconds")
        int ttlSeconds;

        @Override
        public Integer call() {
            if (pairs.isEmpty() || pairs.size() % 2 != 0) {
                throw new IllegalArgumentException("multi_set needs SORT_KEY VALUE pairs after the hash key");
            }
            List<SortKeyValue> values = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i += 2) {
                values.add(new SortKeyValue(Escapes.parse(pairs.get(i)), Escapes.parse(pairs.get(i + 1))));
            }
            root.session.table().multiSet(hk(), values, ttlSeconds);
            root.session.out().println("OK");
            return 0;
        }
    }

    @Command(name = "multi_get", description = "Read records of one hash key: all, or the sort keys given.")
    static final class MultiGet extends HashKeyCommand {
        @Parameters(index = "1..*", paramLabel = "SORT_KEY", arity = "0..*")
        List<String> sortKeys = new ArrayList<>();
        @Option(names = {"-n", "--max_count"}, defaultValue = "-1", description = "at most this many records")
        int maxCount;

        @Override
        public Integer call() {
            List<byte[]> keys = sortKeys.stream().map(Escapes::parse).toList();
            MultiGetResult result = root.session.table().multiGet(hk(), keys, maxCount, -1);
            PrintWriter out = root.session.out();
            for (SortKeyValue kv : result.values()) {
                out.printf("\"%s\" : \"%s\" => \"%s\"%n", hashKey, Escapes.print(kv.sortKey()), Escapes.print(kv.value()));
            }
            out.printf("%d record(s)%s%n", result.values().size(), result.allFetched() ? "" : ", more remain");
            return 0;
        }
    }

    @Command(name = "multi_del", description = "Delete records of one hash key: the sort keys given.")
    static final class MultiDel extends HashKeyCommand {
        @Parameters(index = "1..*", paramLabel = "SORT_KEY", arity = "1..*")
        List<String> sortKeys = new ArrayList<>();

        @Override
        public Integer call() {
            long deleted = root.session.table().multiDel(hk(), sortKeys.stream().map(Escapes::parse).toList());
            root.session.out().printf("%d record(s) deleted%n", deleted);
            return 0;
        }
    }

    @Command(name = "sortkey_count", description = "How many records a hash key has.")
    static final class SortKeyCount extends HashKeyCommand {
        @Override
        public Integer call() {
            root.session.out().println(root.session.table().sortKeyCount(hk()));
            return 0;
        }
    }
}
