package dev.pegasus.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a scanner selects and fetches records. Immutable; {@link #defaults()} fetches 1000 records per
 * round trip over {@code [start, stop)} with values, no filters, and the client's operation timeout
 * for each {@code next()} that needs a round trip.
 */
public final class ScanOptions {
    public static final int DEFAULT_BATCH_SIZE = 1000;
    private static final ScanOptions DEFAULTS = builder().build();

    private final int batchSize;
    private final boolean startInclusive;
    private final boolean stopInclusive;
    private final FilterType hashKeyFilterType;
    private final byte[] hashKeyFilterPattern;
    private final FilterType sortKeyFilterType;
    private final byte[] sortKeyFilterPattern;
    private final boolean noValue;
    private final Optional<Duration> timeout;

    private ScanOptions(Builder builder) {
        this.batchSize = builder.batchSize;
        this.startInclusive = builder.startInclusive;
        this.stopInclusive = builder.stopInclusive;
        this.hashKeyFilterType = builder.hashKeyFilterType;
        this.hashKeyFilterPattern = builder.hashKeyFilterPattern.clone();
        this.sortKeyFilterType = builder.sortKeyFilterType;
        this.sortKeyFilterPattern = builder.sortKeyFilterPattern.clone();
        this.noValue = builder.noValue;
        this.timeout = builder.timeout;
    }

    public static ScanOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder().batchSize(batchSize).startInclusive(startInclusive)
                .stopInclusive(stopInclusive).hashKeyFilter(hashKeyFilterType, hashKeyFilterPattern)
                .sortKeyFilter(sortKeyFilterType, sortKeyFilterPattern).noValue(noValue);
        timeout.ifPresent(builder::timeout);
        return builder;
    }

    /** Records fetched per round trip. */
    public int batchSize() {
        return batchSize;
    }

    public boolean startInclusive() {
        return startInclusive;
    }

    public boolean stopInclusive() {
        return stopInclusive;
    }

    public FilterType hashKeyFilterType() {
        return hashKeyFilterType;
    }

    public byte[] hashKeyFilterPattern() {
        return hashKeyFilterPattern.clone();
    }

    public FilterType sortKeyFilterType() {
        return sortKeyFilterType;
    }

    public byte[] sortKeyFilterPattern() {
        return sortKeyFilterPattern.clone();
    }

    public boolean noValue() {
        return noValue;
    }

    /** Budget of one {@code next()} (retries included); empty: the client's operation timeout. */
    public Optional<Duration> timeout() {
        return timeout;
    }

    @Override
    public String toString() {
        return "ScanOptions{batchSize=" + batchSize + ", startInclusive=" + startInclusive + ", stopInclusive="
                + stopInclusive + ", hashKeyFilter=" + hashKeyFilterType + " " + Bytes.show(hashKeyFilterPattern)
                + ", sortKeyFilter=" + sortKeyFilterType + " " + Bytes.show(sortKeyFilterPattern)
                + ", noValue=" + noValue + ", timeout=" + timeout.map(Duration::toString).orElse("default") + "}";
    }

    public static final class Builder {
        private int batchSize = DEFAULT_BATCH_SIZE;
        private boolean startInclusive = true;
        private boolean stopInclusive = false;
        private FilterType hashKeyFilterType = FilterType.NO_FILTER;
        private byte[] hashKeyFilterPattern = new byte[0];
        private FilterType sortKeyFilterType = FilterType.NO_FILTER;
        private byte[] sortKeyFilterPattern = new byte[0];
        private boolean noValue;
        private Optional<Duration> timeout = Optional.empty();

        private Builder() {}

        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        public Builder startInclusive(boolean inclusive) {
            this.startInclusive = inclusive;
            return this;
        }

        public Builder stopInclusive(boolean inclusive) {
            this.stopInclusive = inclusive;
            return this;
        }

        public Builder hashKeyFilter(FilterType type, byte[] pattern) {
            this.hashKeyFilterType = Objects.requireNonNull(type, "hashKeyFilterType");
            this.hashKeyFilterPattern = pattern == null ? new byte[0] : pattern.clone();
            return this;
        }

        public Builder sortKeyFilter(FilterType type, byte[] pattern) {
            this.sortKeyFilterType = Objects.requireNonNull(type, "sortKeyFilterType");
            this.sortKeyFilterPattern = pattern == null ? new byte[0] : pattern.clone();
            return this;
        }

        public Builder noValue(boolean noValue) {
            this.noValue = noValue;
            return this;
        }

        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = Optional.of(timeout);
            return this;
        }

        public ScanOptions build() {
            return new ScanOptions(this);
        }
    }
}
