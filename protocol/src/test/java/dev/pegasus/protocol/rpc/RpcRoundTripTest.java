package dev.pegasus.protocol.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.read_response;
import dev.pegasus.protocol.thrift.update_request;
import dev.pegasus.protocol.thrift.update_response;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RpcRoundTripTest {
    private RpcServer server;
    private RpcClient client;
    private RpcAddress address;
    private volatile Gpid lastGpid;

    @BeforeEach
    void start() throws Exception {
        server = new RpcServer("test", 1, 1 << 20);
        server.register(RpcMethods.RRDB_PUT, (ctx, request) -> {
            lastGpid = ctx.gpid();
            return CompletableFuture.completedFuture(new update_response().setError(0)
                    .setDecree(request.getValue().length).setServer(new String(request.getKey(), StandardCharsets.UTF_8)));
        });
        server.register(RpcMethods.RRDB_GET, (ctx, key) -> {
            throw new RpcException(ErrorCode.ERR_INVALID_STATE, "not primary");
        });
        server.register(RpcMethods.RRDB_TTL, (ctx, key) -> new CompletableFuture<>());
        InetSocketAddress bound = server.start(new InetSocketAddress("127.0.0.1", 0));
        address = RpcAddress.parse("127.0.0.1:" + bound.getPort());
        client = new RpcClient("test-client", 1, 1000);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private update_response put(String key, int valueLength) throws Exception {
        update_request request = new update_request().setKey(key.getBytes(StandardCharsets.UTF_8))
                .setValue(new byte[valueLength]);
        return client.call(address, RpcMethods.RRDB_PUT, new Gpid(3, 7), 99, request, 2000).get(5, TimeUnit.SECONDS);
    }

    @Test
    void requestAndResponseRoundTrip() throws Exception {
        update_response response = put("abc", 17);
        assertEquals(17, response.getDecree());
        assertEquals("abc", response.getServer());
        assertEquals(new Gpid(3, 7), lastGpid);
    }

    @Test
    void pipelinesManyRequestsOnOneConnection() throws Exception {
        CompletableFuture<?>[] calls = new CompletableFuture<?>[200];
        for (int i = 0; i < calls.length; i++) {
            calls[i] = client.call(address, RpcMethods.RRDB_PUT, new Gpid(1, 0), 0,
                    new update_request().setKey(("k" + i).getBytes(StandardCharsets.UTF_8)).setValue(new byte[i]), 5000);
        }
        CompletableFuture.allOf(calls).get(10, TimeUnit.SECONDS);
        for (int i = 0; i < calls.length; i++) {
            assertEquals(i, ((update_response) calls[i].get()).getDecree());
        }
    }

    @Test
    void errorCodesTravelInTheFrame() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> client.call(address, RpcMethods.RRDB_GET,
                new byte[] {1}, 2000).get(5, TimeUnit.SECONDS));
        assertEquals(ErrorCode.ERR_INVALID_STATE, ((RpcException) e.getCause()).code());
    }

    @Test
    void unknownCodesAreAnsweredWithHandlerNotFound() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> client.call(address,
                RpcMethods.RRDB_SORTKEY_COUNT, new byte[] {1}, 2000).get(5, TimeUnit.SECONDS));
        assertEquals(ErrorCode.ERR_HANDLER_NOT_FOUND, ((RpcException) e.getCause()).code());
    }

    @Test
    void callsTimeOut() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> client.call(address, RpcMethods.RRDB_TTL,
                new byte[] {1}, 200).get(5, TimeUnit.SECONDS));
        assertEquals(ErrorCode.ERR_TIMEOUT, ((RpcException) e.getCause()).code());
    }

    @Test
    void garbageClosesOnlyThatConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", address.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            assertEquals(-1, in.read(), "the server closes a connection that sends garbage");
        }
        assertEquals(3, put("abc", 3).getDecree(), "other connections keep working");
    }

    @Test
    void oversizedFramesAreRefused() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", address.port())) {
            socket.setSoTimeout(5000);
            byte[] header = java.nio.ByteBuffer.allocate(16).putInt(Frames.MAGIC).putInt(1).putInt(10)
                    .putInt(Integer.MAX_VALUE - 100).array();
            socket.getOutputStream().write(header);
            assertEquals(-1, socket.getInputStream().read());
        }
        assertEquals(1, put("x", 1).getDecree());
    }

    @Test
    void connectionFailuresAreSessionResets() {
        RpcAddress nobody = RpcAddress.parse("127.0.0.1:1");
        ExecutionException e = assertThrows(ExecutionException.class, () -> client.call(nobody, RpcMethods.RRDB_GET,
                new byte[] {1}, 2000).get(5, TimeUnit.SECONDS));
        assertEquals(ErrorCode.ERR_SESSION_RESET, ((RpcException) e.getCause()).code());
        assertTrue(e.getCause().getMessage().contains("127.0.0.1:1"));
    }

    @Test
    void binaryArgumentsRoundTrip() throws Exception {
        RpcServer echo = new RpcServer("echo", 1, 1 << 20);
        echo.register(RpcMethods.RRDB_GET, (ctx, key) ->
                CompletableFuture.completedFuture(new read_response().setError(0).setValue(key)));
        int port = echo.start(new InetSocketAddress("127.0.0.1", 0)).getPort();
        try {
            byte[] key = {0, 1, 2, (byte) 0xFF};
            read_response response = client.call(RpcAddress.parse("127.0.0.1:" + port), RpcMethods.RRDB_GET, key, 2000)
                    .get(5, TimeUnit.SECONDS);
            assertArrayEquals(key, response.getValue());
        } finally {
            echo.close();
        }
    }
}
