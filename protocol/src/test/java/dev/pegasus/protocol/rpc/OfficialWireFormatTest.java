package dev.pegasus.protocol.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.HostPorts;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.configuration_list_nodes_response;
import dev.pegasus.protocol.thrift.multi_get_request;
import dev.pegasus.protocol.thrift.node_info;
import dev.pegasus.protocol.thrift.node_status;
import dev.pegasus.protocol.thrift.partition_configuration;
import dev.pegasus.protocol.thrift.query_cfg_response;
import dev.pegasus.protocol.thrift.read_response;
import dev.pegasus.protocol.thrift.update_request;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TProtocol;
import org.junit.jupiter.api.Test;

/**
 * Golden frames: requests and responses laid out byte by byte as Apache Pegasus's clients and servers
 * write them, built by {@link Layout} below (independent of Thrift's library) from the official IDL
 * and the hand-written base types of its Java client: blob, error_code, gpid and rpc_address have a
 * STRUCT header (type 12) and a bare string or i64 payload; host_port is a bare string, i16 and byte.
 * Our encoding must equal them, and our decoding must read them.
 */
class OfficialWireFormatTest {
    private static final byte BOOL = 2;
    private static final byte I32 = 8;
    private static final byte I64 = 10;
    private static final byte STRING = 11;
    private static final byte STRUCT = 12;
    private static final byte LIST = 15;

    private static final byte[] KEY = {0, 2, 'h', 'k', 's', 'k'};
    private static final RpcAddress PRIMARY = RpcAddress.parse("127.0.0.1:34801");
    private static final RpcAddress SECONDARY = RpcAddress.parse("127.0.0.1:34802");

    @Test
    void aGetCarriesItsKeyAsABlobUnderAStructHeader() throws TException {
        byte[] golden = new Layout().field(STRUCT, 1).blob(KEY).stop().bytes();
        assertArrayEquals(golden, args(RpcMethods.RRDB_GET, KEY));
        assertArrayEquals(KEY, RpcMethods.RRDB_GET.readArgs(over(golden)));
    }

    @Test
    void aPutIsReadAsTheOfficialClientWritesIt() throws TException {
        byte[] value = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'v'};
        byte[] golden = new Layout().field(STRUCT, 1)
                .field(STRUCT, 1).blob(KEY).field(STRUCT, 2).blob(value).field(I32, 3).i32(3600).stop()
                .stop().bytes();
        update_request request = RpcMethods.RRDB_PUT.readArgs(over(golden));
        assertArrayEquals(KEY, request.getKey());
        assertArrayEquals(value, request.getValue());
        assertEquals(3600, request.getExpire_ts_seconds());
        assertArrayEquals(golden, args(RpcMethods.RRDB_PUT, request));
    }

    @Test
    void fieldsWrittenWithTheirPrimitiveTypeAreStillRead() throws TException {
        byte[] former = new Layout().field(STRUCT, 1)
                .field(STRING, 1).blob(KEY).field(STRING, 2).blob(new byte[] {'v'}).field(I32, 3).i32(0).stop()
                .stop().bytes();
        update_request request = RpcMethods.RRDB_PUT.readArgs(over(former));
        assertArrayEquals(KEY, request.getKey());
        assertArrayEquals(new byte[] {'v'}, request.getValue());
    }

    @Test
    void sortKeyListsHaveStructElements() throws TException {
        byte[] golden = new Layout().field(STRUCT, 1)
                .field(STRUCT, 1).blob(new byte[] {'h'})
                .field(LIST, 2).list(STRUCT, 2).blob(new byte[] {'a'}).blob(new byte[] {'b'})
                .field(I32, 3).i32(100).field(I32, 4).i32(1000).field(BOOL, 5).bool(false)
                .field(STRUCT, 6).blob(new byte[0]).field(STRUCT, 7).blob(new byte[0])
                .field(BOOL, 8).bool(true).field(BOOL, 9).bool(false).field(I32, 10).i32(0)
                .field(STRUCT, 11).blob(new byte[0]).field(BOOL, 12).bool(false).stop()
                .stop().bytes();
        multi_get_request request = RpcMethods.RRDB_MULTI_GET.readArgs(over(golden));
        assertEquals(List.of(ByteBuffer.wrap(new byte[] {'a'}), ByteBuffer.wrap(new byte[] {'b'})),
                request.getSork_keys());
        assertArrayEquals(golden, args(RpcMethods.RRDB_MULTI_GET, request));
    }

    @Test
    void aReadResponseFrameIsWhatTheOfficialClientDecodes() throws TException {
        read_response response = new read_response().setError(0).setValue(new byte[] {'v'}).setApp_id(2)
                .setPartition_index(5).setServer("127.0.0.1:34801");
        byte[] result = new Layout().field(STRUCT, 0)
                .field(I32, 1).i32(0).field(STRUCT, 2).blob(new byte[] {'v'}).field(I32, 3).i32(2)
                .field(I32, 4).i32(5).field(STRING, 6).string("127.0.0.1:34801").stop()
                .stop().bytes();
        byte[] golden = responseFrame("RPC_RRDB_RRDB_GET_ACK", 42, result);

        ByteBuf out = Unpooled.buffer();
        Frames.encodeResponse(out, ErrorCode.ERR_OK, RpcMethods.RRDB_GET, "RPC_RRDB_RRDB_GET", 42, response);
        byte[] encoded = new byte[out.readableBytes()];
        out.readBytes(encoded);
        assertArrayEquals(golden, encoded);
    }

    @Test
    void aRouteCarriesAddressesAsStructsAndHostPortsBare() throws TException {
        Gpid gpid = new Gpid(3, 1);
        partition_configuration partition = HostPorts.addTo(new partition_configuration().setPid(gpid.pack())
                .setBallot(7).setMax_replica_count(3).setPrimary(PRIMARY.pack())
                .setSecondaries(new ArrayList<>(List.of(SECONDARY.pack()))).setLast_drops(new ArrayList<>())
                .setLast_committed_decree(99).setPartition_flags(0));
        query_cfg_response response = new query_cfg_response().setErr(ErrorCode.ERR_OK.name()).setApp_id(3)
                .setPartition_count(4).setIs_stateful(true).setPartitions(List.of(partition));

        byte[] golden = new Layout().field(STRUCT, 0)
                .field(STRUCT, 1).string("ERR_OK").field(I32, 2).i32(3).field(I32, 3).i32(4).field(BOOL, 4).bool(true)
                .field(LIST, 5).list(STRUCT, 1)
                .field(STRUCT, 1).i64((1L << 32) | 3).field(I64, 2).i64(7).field(I32, 3).i32(3)
                .field(STRUCT, 4).i64(0x7F000001_87F10001L)
                .field(LIST, 5).list(STRUCT, 1).i64(0x7F000001_87F20001L)
                .field(LIST, 6).list(STRUCT, 0)
                .field(I64, 7).i64(99).field(I32, 8).i32(0)
                .field(STRUCT, 9).hostPort("127.0.0.1", 34801)
                .field(LIST, 10).list(STRUCT, 1).hostPort("127.0.0.1", 34802)
                .field(LIST, 11).list(STRUCT, 0)
                .stop()
                .stop().stop().bytes();
        assertArrayEquals(golden, result(RpcMethods.CM_QUERY_CONFIG, response));
        assertEquals(response, RpcMethods.CM_QUERY_CONFIG.readResult(over(golden)));
    }

    @Test
    void aNodeListNamesEachNodeByAddressAndHostPort() throws TException {
        configuration_list_nodes_response response = new configuration_list_nodes_response()
                .setErr(ErrorCode.ERR_OK.name()).setInfos(List.of(new node_info(node_status.NS_ALIVE, PRIMARY.pack())
                        .setHp_node(HostPorts.of(PRIMARY.pack()))));
        byte[] golden = new Layout().field(STRUCT, 0)
                .field(STRUCT, 1).string("ERR_OK")
                .field(LIST, 2).list(STRUCT, 1)
                .field(I32, 1).i32(node_status.NS_ALIVE.getValue()).field(STRUCT, 2).i64(0x7F000001_87F10001L)
                .field(STRUCT, 3).hostPort("127.0.0.1", 34801).stop()
                .stop().stop().bytes();
        assertArrayEquals(golden, result(RpcMethods.CM_LIST_NODES, response));
    }

    @Test
    void aNegotiationIsAnsweredThatAuthenticationIsOff() throws Exception {
        byte[] request = new Layout().field(STRUCT, 1)
                .field(I32, 1).i32(1).field(STRUCT, 2).blob(new byte[0]).stop()
                .stop().bytes();
        byte[] result = new Layout().field(STRUCT, 0)
                .field(I32, 1).i32(9).field(STRUCT, 2).blob(new byte[0]).stop()
                .stop().bytes();
        byte[] response = exchange(version1Frame("RPC_NEGOTIATION", 5, request));
        assertArrayEquals(responseFrame("RPC_NEGOTIATION_ACK", 5, result), response);
    }

    /** Apache Pegasus's Go client sends the 48-byte header of version 0, with the meta inside it. */
    @Test
    void aRequestWithTheGoClientsHeaderIsServed() throws Exception {
        byte[] body = new Layout().i32(0x80010001).string("RPC_RRDB_RRDB_GET").i32(7)
                .field(STRUCT, 1).blob(KEY).stop().bytes();
        byte[] frame = new Layout().raw("THFT".getBytes(StandardCharsets.US_ASCII)).i32(0).i32(48).i32(0)
                .i32(body.length).i32(0).i32(2).i32(5).i32(1000).i32(2 * 7919 + 5).i64(0x1234L)
                .raw(body).bytes();
        byte[] result = new Layout().field(STRUCT, 0)
                .field(I32, 1).i32(0).field(STRUCT, 2).blob(KEY).field(I32, 3).i32(2).field(I32, 4).i32(5)
                .field(STRING, 6).string("echo").stop()
                .stop().bytes();
        assertArrayEquals(responseFrame("RPC_RRDB_RRDB_GET_ACK", 7, result), exchange(frame));
    }

    /** Apache Pegasus's Go admin client asks servers for remote commands, e.g. {@code help}. */
    @Test
    void aRemoteCommandIsAnsweredWithText() throws Exception {
        byte[] request = new Layout().field(STRUCT, 1)
                .field(STRING, 1).string("help").field(LIST, 2).list(STRING, 0).stop()
                .stop().bytes();
        String help = "help: lists the commands this server answers\n"
                + "server-info: what this server is and since when it runs\n";
        byte[] result = new Layout().field(STRING, 0).string(help).stop().bytes();
        byte[] response = exchange(version1Frame("RPC_CLI_CLI_CALL", 3, request));
        assertArrayEquals(responseFrame("RPC_CLI_CLI_CALL_ACK", 3, result), response);
    }

    /** Sends one frame to a server that echoes a get's key and the partition it was sent to; returns the reply. */
    private static byte[] exchange(byte[] frame) throws Exception {
        try (RpcServer server = new RpcServer("golden", 1, 1 << 20)) {
            server.register(RpcMethods.RRDB_GET, (context, key) -> CompletableFuture.completedFuture(
                    new read_response().setError(0).setValue(key).setApp_id(context.gpid().appId())
                            .setPartition_index(context.gpid().partitionIndex()).setServer("echo")));
            int port = server.start(new InetSocketAddress("127.0.0.1", 0)).getPort();
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write(frame);
                DataInputStream in = new DataInputStream(socket.getInputStream());
                int length = in.readInt();
                byte[] rest = new byte[length - 4];
                in.readFully(rest);
                return new Layout().i32(length).raw(rest).bytes();
            }
        }
    }

    /** A request as Apache Pegasus's Java client frames it: header version 1 and a request_meta of five fields. */
    private static byte[] version1Frame(String code, int seqId, byte[] args) {
        byte[] meta = new Layout().field(I32, 1).i32(0).field(I32, 2).i32(0).field(I32, 3).i32(1000)
                .field(I64, 4).i64(0).field(BOOL, 5).bool(false).stop().bytes();
        byte[] body = new Layout().i32(0x80010001).string(code).i32(seqId).raw(args).bytes();
        return new Layout().raw("THFT".getBytes(StandardCharsets.US_ASCII)).i32(1).i32(meta.length).i32(body.length)
                .raw(meta).raw(body).bytes();
    }

    private static byte[] responseFrame(String name, int seqId, byte[] result) {
        byte[] afterLength = new Layout().string("ERR_OK").i32(0x80010002).string(name).i32(seqId).raw(result).bytes();
        return new Layout().i32(4 + afterLength.length).raw(afterLength).bytes();
    }

    private static <Req> byte[] args(RpcMethod<Req, ?> method, Req request) throws TException {
        ByteBuf out = Unpooled.buffer();
        method.writeArgs(Frames.protocolOver(out), request);
        return drain(out);
    }

    private static <Resp> byte[] result(RpcMethod<?, Resp> method, Resp response) throws TException {
        ByteBuf out = Unpooled.buffer();
        method.writeResult(Frames.protocolOver(out), response);
        return drain(out);
    }

    private static byte[] drain(ByteBuf buffer) {
        byte[] bytes = new byte[buffer.readableBytes()];
        buffer.readBytes(bytes);
        return bytes;
    }

    private static TProtocol over(byte[] bytes) {
        return Frames.protocolOver(Unpooled.wrappedBuffer(bytes));
    }

    /** Thrift's binary layout written by hand: big-endian numbers, i32-length-prefixed strings. */
    private static final class Layout {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Layout field(byte type, int id) {
            bytes.write(type);
            return i16(id);
        }

        Layout stop() {
            bytes.write(0);
            return this;
        }

        Layout list(byte elementType, int count) {
            bytes.write(elementType);
            return i32(count);
        }

        Layout bool(boolean value) {
            bytes.write(value ? 1 : 0);
            return this;
        }

        Layout i16(int value) {
            bytes.write(value >>> 8);
            bytes.write(value);
            return this;
        }

        Layout i32(int value) {
            return i16(value >>> 16).i16(value & 0xffff);
        }

        Layout i64(long value) {
            return i32((int) (value >>> 32)).i32((int) value);
        }

        Layout blob(byte[] value) {
            i32(value.length);
            return raw(value);
        }

        Layout string(String value) {
            return blob(value.getBytes(StandardCharsets.UTF_8));
        }

        /** Apache Pegasus's host_port: host, port as i16, type 1 (IPv4), no field headers. */
        Layout hostPort(String host, int port) {
            string(host).i16(port);
            bytes.write(1);
            return this;
        }

        Layout raw(byte[] value) {
            bytes.writeBytes(value);
            return this;
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }
}
