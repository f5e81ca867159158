package dev.pegasus.checkpoint.tools;

import dev.pegasus.client.ClientOptions;
import dev.pegasus.client.PegasusClient;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --meta LIST}: the meta servers a subcommand asks to act. */
public final class MetaOption {
    static final String DEFAULT_META = "127.0.0.1:34601,127.0.0.1:34602,127.0.0.1:34603";

    @Option(names = "--meta", paramLabel = "HOST:PORT,...", defaultValue = "${env:PEGASUS_META_SERVERS:-" + DEFAULT_META + "}",
            description = "meta servers, comma separated (default: $PEGASUS_META_SERVERS or ${DEFAULT-VALUE})")
    public String meta;

    public PegasusClient open() {
        return PegasusClient.open(ClientOptions.builder().metaServers(meta).operationTimeout(Duration.ofSeconds(10))
                .build());
    }
}
