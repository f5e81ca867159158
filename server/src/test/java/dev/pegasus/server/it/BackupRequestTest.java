package dev.pegasus.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pegasus.client.PegasusClient;
import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.PartitionHash;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.Frames;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.thrift.partition_configuration;
import dev.pegasus.protocol.thrift.query_cfg_request;
import dev.pegasus.protocol.thrift.read_response;
import dev.pegasus.protocol.thrift.request_meta;
import dev.pegasus.server.testing.Await;
import dev.pegasus.server.testing.InProcessCluster;
import dev.pegasus.server.testing.MetaProbe;
import dev.pegasus.server.testing.TestClients;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache Pegasus's backup requests: a read flagged {@code is_backup_request} in its request meta is
 * answered by a secondary too (from what it applied), while a read without the flag is refused there.
 */
class BackupRequestTest {
    @TempDir
    Path dir;

    private record Answer(String error, read_response response) {}

    @Test
    void aSecondaryAnswersBackupReadsOnly() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(dir, 3);
                PegasusClient client = TestClients.openWhenAlive(cluster.metaAddress(), Duration.ofSeconds(5), 3);
                MetaProbe meta = new MetaProbe()) {
            client.admin().createTable("backup_reads", 1, 3, Map.of());
            client.openTable("backup_reads").set(bytes("hk"), bytes("sk"), bytes("value"));
            partition_configuration partition = meta.call(cluster.metaAddress(), RpcMethods.CM_QUERY_CONFIG,
                    new query_cfg_request("backup_reads", List.of())).getPartitions().get(0);
            RpcAddress secondary = RpcAddress.unpack(partition.getSecondaries().get(0));
            int appId = (int) (partition.getPid() & 0xffffffffL);

            Await.until("the secondary applied the write", Duration.ofSeconds(10), () -> {
                Answer answer = get(secondary, appId, true);
                return answer.error().equals("ERR_OK") && answer.response().getError() == 0;
            });
            assertEquals("value", new String(get(secondary, appId, true).response().getValue(), StandardCharsets.UTF_8));
            assertEquals("ERR_INVALID_STATE", get(secondary, appId, false).error());
        }
    }

    private static Answer get(RpcAddress server, int appId, boolean backupRequest) {
        try {
            return exchange(server, appId, backupRequest);
        } catch (Exception e) {
            throw new IllegalStateException("get from " + server + " failed", e);
        }
    }

    private static Answer exchange(RpcAddress server, int appId, boolean backupRequest) throws Exception {
        byte[] key = KeySchema.encode(bytes("hk"), bytes("sk"));
        request_meta meta = new request_meta().setApp_id(appId).setPartition_index(0).setClient_timeout(2000)
                .setPartition_hash(PartitionHash.ofStorageKey(key)).setIs_backup_request(backupRequest);
        ByteBuf frame = Unpooled.buffer();
        Frames.encodeRequest(frame, meta, RpcMethods.RRDB_GET, 1, key);
        byte[] request = new byte[frame.readableBytes()];
        frame.readBytes(request);
        try (Socket socket = new Socket(server.host(), server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] rest = new byte[in.readInt() - 4];
            in.readFully(rest);
            TProtocol protocol = new TBinaryProtocol(new TMemoryInputTransport(rest));
            String error = protocol.readString();
            protocol.readMessageBegin();
            return new Answer(error, error.equals("ERR_OK") ? RpcMethods.RRDB_GET.readResult(protocol) : null);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
