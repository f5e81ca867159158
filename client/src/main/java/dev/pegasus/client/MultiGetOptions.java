package dev.pegasus.client;

import java.util.Objects;

/**
 * How a range multi-get selects sort keys. Immutable; {@link #defaults()} reads {@code [start, stop)}
 * in ascending order with values and no filter.
 */
public final class MultiGetOptions {
    private static final MultiGetOptions DEFAULTS = builder().build();

    private final boolean startInclusive;
    private final boolean stopInclusive;
    private final FilterType sortKeyFilterType;
    private final byte[] sortKeyFilterPattern;
    private final boolean noValue;
    private final boolean reverse;

    private MultiGetOptions(Builder builder) {
        this.startInclusive = builder.startInclusive;
        this.stopInclusive = builder.stopInclusive;
        this.sortKeyFilterType = builder.sortKeyFilterType;
        this.sortKeyFilterPattern = builder.sortKeyFilterPattern.clone();
        this.noValue = builder.noValue;
        this.reverse = builder.reverse;
    }

    public static MultiGetOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().startInclusive(startInclusive).stopInclusive(stopInclusive)
                .sortKeyFilter(sortKeyFilterType, sortKeyFilterPattern).noValue(noValue).reverse(reverse);
    }

    public boolean startInclusive() {
        return startInclusive;
    }

    public boolean stopInclusive() {
        return stopInclusive;
    }

    public FilterType sortKeyFilterType() {
        return sortKeyFilterType;
    }

    public byte[] sortKeyFilterPattern() {
        return sortKeyFilterPattern.clone();
    }

    /** Only the sort keys are returned; values come back empty. */
    public boolean noValue() {
        return noValue;
    }

    /** Reads from the stop end: with a count limit, returns the last records of the range. */
    public boolean reverse() {
        return reverse;
    }

    @Override
    public String toString() {
        return "MultiGetOptions{startInclusive=" + startInclusive + ", stopInclusive=" + stopInclusive
                + ", sortKeyFilter=" + sortKeyFilterType + " " + Bytes.show(sortKeyFilterPattern)
                + ", noValue=" + noValue + ", reverse=" + reverse + "}";
    }

    public static final class Builder {
        private boolean startInclusive = true;
        private boolean stopInclusive = false;
        private FilterType sortKeyFilterType = FilterType.NO_FILTER;
        private byte[] sortKeyFilterPattern = new byte[0];
        private boolean noValue;
        private boolean reverse;

        private Builder() {}

        public Builder startInclusive(boolean inclusive) {
            this.startInclusive = inclusive;
            return this;
        }

        public Builder stopInclusive(boolean inclusive) {
            this.stopInclusive = inclusive;
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

        public Builder reverse(boolean reverse) {
            this.reverse = reverse;
            return this;
        }

        public MultiGetOptions build() {
            return new MultiGetOptions(this);
        }
    }
}
