package dev.pegasus.server.wire;

import dev.pegasus.protocol.thrift.mutation_command;
import dev.pegasus.protocol.thrift.mutation_data;
import dev.pegasus.protocol.thrift.write_op;
import dev.pegasus.server.replica.core.Command;
import dev.pegasus.server.replica.core.LoggedMutation;
import dev.pegasus.server.replica.storage.IngestOp;
import dev.pegasus.server.replica.storage.SplitOp;
import dev.pegasus.server.replica.storage.WriteOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.TException;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TBinaryProtocol;

/**
 * Mutations on the wire and in the log: the Thrift {@code mutation_data} struct, whose binary
 * encoding is also the payload of a log record.
 */
public final class MutationCodec {
    private MutationCodec() {}

    public static mutation_data toThrift(LoggedMutation mutation) {
        List<write_op> ops = new ArrayList<>(mutation.writes().size());
        for (WriteOp op : mutation.writes()) {
            ops.add(new write_op().setIs_delete(op.delete()).setKey(op.key())
                    .setValue(op.delete() ? new byte[0] : op.storedValue()));
        }
        mutation_data thrift = new mutation_data(mutation.ballot(), mutation.decree(), mutation.lastCommittedDecree(),
                ops);
        if (mutation.command() instanceof Command.Split split) {
            thrift.setCommand(new mutation_command().setSplit_partition_count(split.partitionCount()));
        } else if (mutation.command() instanceof Command.Ingest ingest) {
            thrift.setCommand(new mutation_command().setIngest_load_id(ingest.loadId()).setIngest_root(ingest.root()));
        }
        return thrift;
    }

    public static LoggedMutation fromThrift(mutation_data thrift) {
        List<WriteOp> ops = new ArrayList<>();
        for (write_op op : thrift.getOps() == null ? List.<write_op>of() : thrift.getOps()) {
            ops.add(op.isIs_delete() ? WriteOp.delete(op.getKey()) : WriteOp.put(op.getKey(), op.getValue()));
        }
        return new LoggedMutation(thrift.getBallot(), thrift.getDecree(), thrift.getLast_committed_decree(),
                thrift.isSetCommand() ? command(thrift.getCommand()) : legacyCommand(ops));
    }

    private static Command command(mutation_command thrift) {
        if (thrift.isSetSplit_partition_count()) {
            return new Command.Split(new SplitOp(thrift.getSplit_partition_count()).partitionCount());
        }
        if (thrift.isSetIngest_load_id()) {
            IngestOp checked = new IngestOp(thrift.getIngest_load_id(), thrift.getIngest_root());
            return new Command.Ingest(checked.loadId(), checked.root());
        }
        throw new IllegalArgumentException("a mutation command that names no work: " + thrift);
    }

    /** Logs written before commands were typed carry one as a single write under a reserved key. */
    private static Command legacyCommand(List<WriteOp> ops) {
        Optional<SplitOp> split = SplitOp.of(ops);
        if (split.isPresent()) {
            return new Command.Split(split.get().partitionCount());
        }
        Optional<IngestOp> ingest = IngestOp.of(ops);
        return ingest.<Command>map(op -> new Command.Ingest(op.loadId(), op.root())).orElseGet(() -> new Command.Writes(ops));
    }

    /** The log record payload: the mutation's writes (ballot and decrees live in the record header too). */
    public static byte[] toPayload(LoggedMutation mutation) {
        try {
            return new TSerializer(new TBinaryProtocol.Factory()).serialize(toThrift(mutation));
        } catch (TException e) {
            throw new IllegalStateException("cannot encode " + mutation, e);
        }
    }

    public static LoggedMutation fromPayload(byte[] payload) {
        mutation_data thrift = new mutation_data();
        try {
            new TDeserializer(new TBinaryProtocol.Factory()).deserialize(thrift, payload);
        } catch (TException e) {
            throw new IllegalArgumentException("log record payload is not a mutation: " + e.getMessage(), e);
        }
        return fromThrift(thrift);
    }
}
