package dev.pegasus.client;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link PegasusClient} reaches the cluster and how long it waits. Immutable; built with
 * {@link #builder()}. Limits are enforced at the client so that an oversized request fails at once with
 * a clear message instead of travelling to a server that rejects it.
 */
public final class ClientOptions {
    public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_DDL_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_IO_THREADS = 2;
    public static final int DEFAULT_MAX_VALUE_BYTES = 1 << 20;
    public static final int DEFAULT_MAX_REQUEST_BYTES = 4 << 20;

    private final List<String> metaServers;
    private final Duration operationTimeout;
    private final Duration connectTimeout;
    private final Duration ddlTimeout;
    private final int ioThreads;
    private final int maxValueBytes;
    private final int maxRequestBytes;

    private ClientOptions(Builder builder) {
        this.metaServers = List.copyOf(builder.metaServers);
        this.operationTimeout = builder.operationTimeout;
        this.connectTimeout = builder.connectTimeout;
        this.ddlTimeout = builder.ddlTimeout;
        this.ioThreads = builder.ioThreads;
        this.maxValueBytes = builder.maxValueBytes;
        this.maxRequestBytes = builder.maxRequestBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Meta servers as {@code host:port}, in the order they are tried. */
    public List<String> metaServers() {
        return metaServers;
    }

    /** Budget of one key-value operation, retries included. */
    public Duration operationTimeout() {
        return operationTimeout;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Budget of a table creation, drop or recall, including the wait for every partition to get a primary. */
    public Duration ddlTimeout() {
        return ddlTimeout;
    }

    public int ioThreads() {
        return ioThreads;
    }

    public int maxValueBytes() {
        return maxValueBytes;
    }

    public int maxRequestBytes() {
        return maxRequestBytes;
    }

    @Override
    public String toString() {
        return "ClientOptions{metaServers=" + metaServers + ", operationTimeout=" + operationTimeout
                + ", connectTimeout=" + connectTimeout + ", ddlTimeout=" + ddlTimeout + ", ioThreads=" + ioThreads
                + ", maxValueBytes=" + maxValueBytes + ", maxRequestBytes=" + maxRequestBytes + "}";
    }

    public static final class Builder {
        private List<String> metaServers = List.of();
        private Duration operationTimeout = DEFAULT_OPERATION_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration ddlTimeout = DEFAULT_DDL_TIMEOUT;
        private int ioThreads = DEFAULT_IO_THREADS;
        private int maxValueBytes = DEFAULT_MAX_VALUE_BYTES;
        private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;

        private Builder() {}

        /** Comma-separated {@code host:port} list, e.g. {@code "127.0.0.1:34601,127.0.0.1:34602"}. */
        public Builder metaServers(String commaSeparatedHostPorts) {
            Objects.requireNonNull(commaSeparatedHostPorts, "metaServers");
            return metaServers(Arrays.stream(commaSeparatedHostPorts.split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).toList());
        }

        public Builder metaServers(List<String> hostPorts) {
            Objects.requireNonNull(hostPorts, "metaServers");
            this.metaServers = hostPorts.stream().map(s -> Objects.requireNonNull(s, "meta server").trim()).toList();
            return this;
        }

        public Builder operationTimeout(Duration timeout) {
            this.operationTimeout = positive("operationTimeout", timeout);
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        public Builder ddlTimeout(Duration timeout) {
            this.ddlTimeout = positive("ddlTimeout", timeout);
            return this;
        }

        public Builder ioThreads(int threads) {
            this.ioThreads = positive("ioThreads", threads);
            return this;
        }

        public Builder maxValueBytes(int bytes) {
            this.maxValueBytes = positive("maxValueBytes", bytes);
            return this;
        }

        public Builder maxRequestBytes(int bytes) {
            this.maxRequestBytes = positive("maxRequestBytes", bytes);
            return this;
        }

        /** Validates the meta server list (each entry must be {@code host:port}) and builds the options. */
        public ClientOptions build() {
            if (metaServers.isEmpty()) {
                throw new IllegalArgumentException("no meta servers given; expected host:port[,host:port...]");
            }
            metaServers.forEach(Addresses::resolve);
            return new ClientOptions(this);
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }

        private static int positive(String name, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }
    }
}
