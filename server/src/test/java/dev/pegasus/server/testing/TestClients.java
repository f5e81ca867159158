package dev.pegasus.server.testing;

import dev.pegasus.client.ClientOptions;
import dev.pegasus.client.PegasusClient;
import java.time.Duration;

/** Clients for tests: connected to a cluster whose replica servers have all reported in. */
public final class TestClients {
    private TestClients() {}

    public static PegasusClient openWhenAlive(String metaAddress, Duration operationTimeout, int aliveNodes) {
        PegasusClient client = PegasusClient.open(ClientOptions.builder().metaServers(metaAddress)
                .operationTimeout(operationTimeout).build());
        Await.until(aliveNodes + " replica servers alive", Duration.ofSeconds(30),
                () -> client.admin().listNodes().stream().filter(n -> n.alive()).count() == aliveNodes);
        return client;
    }
}
