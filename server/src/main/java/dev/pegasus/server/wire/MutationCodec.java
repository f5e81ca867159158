package dev.pegasus.server.wire;

import dev.pegasus.protocol.thrift.mutation_data;
import dev.pegasus.protocol.thrift.write_op;
import dev.pegasus.server.replica.core.LoggedMutation;
import dev.pegasus.server.replica.storage.WriteOp;
import java.util.ArrayList;
import java.util.List;
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
        List<write_op> ops = new ArrayList<>(mutation.ops().size());
        for (WriteOp op : mutation.ops()) {
            ops.add(new write_op().setIs_delete(op.delete()).setKey(op.key())
                    .setValue(op.delete() ? new byte[0] : op.storedValue()));
        }
        return new mutation_data(mutation.ballot(), mutation.decree(), mutation.lastCommittedDecree(), ops);
    }

    public static LoggedMutation fromThrift(mutation_data thrift) {
        List<WriteOp> ops = new ArrayList<>();
        for (write_op op : thrift.getOps() == null ? List.<write_op>of() : thrift.getOps()) {
            ops.add(op.isIs_delete() ? WriteOp.delete(op.getKey()) : WriteOp.put(op.getKey(), op.getValue()));
        }
        return new LoggedMutation(thrift.getBallot(), thrift.getDecree(), thrift.getLast_committed_decree(), ops);
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
