package dev.pegasus.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.sources.And;
import org.apache.spark.sql.sources.EqualNullSafe;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.sources.StringStartsWith;

/**
 * Turns the filters Spark offers into a {@link KeyPredicate}: equality and IN on {@code hash_key},
 * prefixes of either key, and comparisons of {@code sort_key}. Filters on other columns, or of other
 * shapes, are left to Spark.
 */
final class KeyFilters {
    private KeyFilters() {
    }

    /** The predicate of the filters understood, and which filters those were. */
    record Pushed(KeyPredicate predicate, List<Filter> filters) {
    }

    static Pushed push(Filter[] filters) {
        KeyPredicate predicate = KeyPredicate.ALL;
        List<Filter> pushed = new ArrayList<>();
        for (Filter filter : filters) {
            Optional<KeyPredicate> narrowed = narrow(predicate, filter);
            if (narrowed.isPresent()) {
                predicate = narrowed.get();
                pushed.add(filter);
            }
        }
        return new Pushed(predicate, List.copyOf(pushed));
    }

    /** {@code predicate} narrowed by {@code filter}, or empty when the filter is not one of ours. */
    private static Optional<KeyPredicate> narrow(KeyPredicate predicate, Filter filter) {
        if (filter instanceof And and) {
            return narrow(predicate, and.left()).flatMap(left -> narrow(left, and.right()));
        }
        if (filter instanceof EqualTo eq) {
            return equal(predicate, eq.attribute(), eq.value());
        }
        if (filter instanceof EqualNullSafe eq && eq.value() != null) {
            return equal(predicate, eq.attribute(), eq.value());
        }
        if (filter instanceof In in && in.attribute().equals(SnapshotSchema.HASH_KEY)) {
            return Optional.of(predicate.withHashKeys(Arrays.stream(in.values()).filter(Objects::nonNull)
                    .map(Encoding::bytesOf).toList()));
        }
        if (filter instanceof StringStartsWith starts) {
            byte[] prefix = Encoding.bytesOf(starts.value());
            return switch (starts.attribute()) {
                case SnapshotSchema.HASH_KEY -> Optional.of(predicate.withHashKeyPrefix(prefix));
                case SnapshotSchema.SORT_KEY -> Optional.of(predicate.withSortKeyPrefix(prefix));
                default -> Optional.empty();
            };
        }
        if (filter instanceof GreaterThan gt && isSortKey(gt.attribute())) {
            return Optional.of(predicate.withSortKeyLower(new SortKeyBound(Encoding.bytesOf(gt.value()), false)));
        }
        if (filter instanceof GreaterThanOrEqual ge && isSortKey(ge.attribute())) {
            return Optional.of(predicate.withSortKeyLower(new SortKeyBound(Encoding.bytesOf(ge.value()), true)));
        }
        if (filter instanceof LessThan lt && isSortKey(lt.attribute())) {
            return Optional.of(predicate.withSortKeyUpper(new SortKeyBound(Encoding.bytesOf(lt.value()), false)));
        }
        if (filter instanceof LessThanOrEqual le && isSortKey(le.attribute())) {
            return Optional.of(predicate.withSortKeyUpper(new SortKeyBound(Encoding.bytesOf(le.value()), true)));
        }
        return Optional.empty();
    }

    private static Optional<KeyPredicate> equal(KeyPredicate predicate, String attribute, Object value) {
        byte[] key = Encoding.bytesOf(value);
        return switch (attribute) {
            case SnapshotSchema.HASH_KEY -> Optional.of(predicate.withHashKeys(List.of(key)));
            case SnapshotSchema.SORT_KEY -> Optional.of(predicate.withSortKeyLower(new SortKeyBound(key, true))
                    .withSortKeyUpper(new SortKeyBound(key, true)));
            default -> Optional.empty();
        };
    }

    private static boolean isSortKey(String attribute) {
        return attribute.equals(SnapshotSchema.SORT_KEY);
    }
}
