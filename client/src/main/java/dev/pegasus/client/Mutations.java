package dev.pegasus.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The writes a check-and-mutate applies, in order, to records of one hash key when its check passes.
 * Immutable; built with {@link #builder()}.
 */
public final class Mutations {
    /** One write of a check-and-mutate; {@code value} is null for a delete. */
    record Entry(boolean isDelete, byte[] sortKey, byte[] value, int ttlSeconds) {}

    private final List<Entry> entries;

    private Mutations(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    List<Entry> entries() {
        return entries;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("Mutations[");
        for (Entry entry : entries) {
            out.append(entry.isDelete() ? " del " : " set ").append(Bytes.show(entry.sortKey()));
        }
        return out.append(" ]").toString();
    }

    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        private Builder() {}

        public Builder set(byte[] sortKey, byte[] value) {
            return set(sortKey, value, 0);
        }

        /** @param ttlSeconds 0 for no TTL */
        public Builder set(byte[] sortKey, byte[] value, int ttlSeconds) {
            Objects.requireNonNull(sortKey, "sortKey");
            Objects.requireNonNull(value, "value");
            if (ttlSeconds < 0) {
                throw new IllegalArgumentException("ttlSeconds must be >= 0, got " + ttlSeconds);
            }
            entries.add(new Entry(false, sortKey, value, ttlSeconds));
            return this;
        }

        public Builder del(byte[] sortKey) {
            Objects.requireNonNull(sortKey, "sortKey");
            entries.add(new Entry(true, sortKey, null, 0));
            return this;
        }

        public Mutations build() {
            return new Mutations(entries);
        }
    }
}
