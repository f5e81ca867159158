package dev.pegasus.client;

import dev.pegasus.protocol.RpcAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Turns user-given {@code host:port} strings into the IPv4 addresses the wire format can carry. */
final class Addresses {
    private Addresses() {}

    /** Accepts dotted IPv4 addresses directly and resolves host names, so configs may use either. */
    static RpcAddress resolve(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("meta server '" + hostPort + "' is not host:port");
        }
        String host = hostPort.substring(0, colon).trim();
        String port = hostPort.substring(colon + 1).trim();
        if (host.chars().allMatch(c -> c == '.' || Character.isDigit(c)) || host.equals("localhost")) {
            return RpcAddress.parse(host + ":" + port);
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (address instanceof Inet4Address) {
                    return RpcAddress.parse(address.getHostAddress() + ":" + port);
                }
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("meta server '" + hostPort + "': unknown host " + host, e);
        }
        throw new IllegalArgumentException("meta server '" + hostPort + "': " + host + " has no IPv4 address");
    }
}
