package dev.pegasus.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AddressTest {
    @Test
    void packsLikePegasus() {
        RpcAddress address = RpcAddress.parse("127.0.0.1:34801");
        assertEquals((0x7F000001L << 32) | (34801L << 16) | 1, address.pack());
        assertEquals(address, RpcAddress.unpack(address.pack()));
        assertEquals("127.0.0.1:34801", address.toString());
        assertEquals(address, RpcAddress.parse("localhost:34801"));
        assertEquals("-", RpcAddress.describe(RpcAddress.INVALID));
    }

    @Test
    void rejectsMalformedAddresses() {
        assertThrows(IllegalArgumentException.class, () -> RpcAddress.parse("127.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> RpcAddress.parse("1.2.3:4"));
        assertThrows(IllegalArgumentException.class, () -> RpcAddress.parse("1.2.3.256:4"));
        assertThrows(IllegalArgumentException.class, () -> RpcAddress.parse("1.2.3.4:x"));
        assertThrows(IllegalArgumentException.class, () -> RpcAddress.parse("1.2.3.4:70000"));
    }

    @Test
    void gpidPacksPartitionIndexHigh() {
        Gpid gpid = new Gpid(5, 3);
        assertEquals((3L << 32) | 5, gpid.pack());
        assertEquals(gpid, Gpid.unpack(gpid.pack()));
    }
}
