package dev.pegasus.server.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.thrift.mutation_data;
import dev.pegasus.protocol.thrift.write_op;
import dev.pegasus.server.replica.core.Command;
import dev.pegasus.server.replica.core.LoggedMutation;
import dev.pegasus.server.replica.storage.IngestOp;
import dev.pegasus.server.replica.storage.SplitOp;
import dev.pegasus.server.replica.storage.WriteOp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.junit.jupiter.api.Test;

class MutationCodecTest {
    private static final WriteOp PUT = WriteOp.put(bytes("\0\1k"), bytes("value"));

    @Test
    void commandsKeepTheirTypeThroughTheLog() {
        for (Command command : List.of(new Command.Writes(List.of(PUT, WriteOp.delete(bytes("\0\1d")))),
                new Command.Writes(List.of()), new Command.Split(8),
                new Command.Ingest("load-1", "hdfs://nn/loads/t"))) {
            LoggedMutation mutation = new LoggedMutation(3, 17, 16, command);
            LoggedMutation decoded = MutationCodec.fromPayload(MutationCodec.toPayload(mutation));
            assertEquals(List.of(3L, 17L, 16L), List.of(decoded.ballot(), decoded.decree(), decoded.lastCommittedDecree()));
            assertTrue(command.sameAs(decoded.command()), command + " came back as " + decoded.command());
        }
    }

    /** A command is data no more: it is never among the writes a store applies. */
    @Test
    void aCommandCarriesNoWrites() {
        LoggedMutation split = MutationCodec.fromPayload(MutationCodec.toPayload(
                new LoggedMutation(1, 2, 1, new Command.Split(4))));
        assertEquals(List.of(), split.writes());
        assertTrue(!split.isTakeoverMarker());
    }

    /** Records written before commands were typed carry them as one put under a reserved key. */
    @Test
    void logsOfTheFormerFormatReplayAsCommands() throws Exception {
        assertEquals(new Command.Split(4), decodeFormer(new SplitOp(4).toWriteOp()).command());
        IngestOp ingest = new IngestOp("load-2", "/loads/t");
        assertEquals(new Command.Ingest(ingest.loadId(), ingest.root()), decodeFormer(ingest.toWriteOp()).command());
        assertTrue(new Command.Writes(List.of(PUT)).sameAs(decodeFormer(PUT).command()));
    }

    private static LoggedMutation decodeFormer(WriteOp op) throws Exception {
        mutation_data former = new mutation_data(2, 9, 8, List.of(new write_op().setIs_delete(false).setKey(op.key())
                .setValue(op.storedValue())));
        return MutationCodec.fromPayload(new TSerializer(new TBinaryProtocol.Factory()).serialize(former));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
