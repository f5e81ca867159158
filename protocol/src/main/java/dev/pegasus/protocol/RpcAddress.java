package dev.pegasus.protocol;

/**
 * An IPv4 host and port, packed into one long as Apache Pegasus packs rpc_address:
 * {@code (ip << 32) | (port << 16) | 1}. 0 is the invalid (absent) address.
 */
public record RpcAddress(int ip, int port) implements Comparable<RpcAddress> {
    public static final long INVALID = 0L;
    private static final int TYPE_IPV4 = 1;

    public RpcAddress {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
    }

    /** Parses {@code host:port} where host is a dotted IPv4 address or {@code localhost}. */
    public static RpcAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + hostPort + "' is not host:port");
        }
        String host = hostPort.substring(0, colon).trim();
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + hostPort + "' has no numeric port");
        }
        if (host.equals("localhost")) {
            host = "127.0.0.1";
        }
        String[] parts = host.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + host + "' is not an IPv4 address");
        }
        int ip = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + host + "' is not an IPv4 address");
            }
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("'" + host + "' is not an IPv4 address");
            }
            ip = ip << 8 | octet;
        }
        return new RpcAddress(ip, port);
    }

    public static RpcAddress unpack(long packed) {
        if (packed == INVALID) {
            throw new IllegalArgumentException("the invalid address has no host");
        }
        return new RpcAddress((int) (packed >>> 32), (int) ((packed >>> 16) & 0xFFFF));
    }

    public long pack() {
        return ((long) ip << 32) | ((long) port << 16) | TYPE_IPV4;
    }

    public String host() {
        return ((ip >>> 24) & 0xFF) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }

    @Override
    public String toString() {
        return host() + ":" + port;
    }

    /** {@code host:port} of a packed address, or "-" for the invalid one. */
    public static String describe(long packed) {
        return packed == INVALID ? "-" : unpack(packed).toString();
    }

    @Override
    public int compareTo(RpcAddress other) {
        int byIp = Integer.compareUnsigned(ip, other.ip);
        return byIp != 0 ? byIp : Integer.compare(port, other.port);
    }
}
