package dev.pegasus.server.replica.storage;

import dev.pegasus.protocol.thrift.cas_check_type;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/** The condition of check_and_set / check_and_mutate, evaluated against the check record's current value. */
final class CasCheck {
    enum Outcome {
        PASSED,
        FAILED,
        /** An int comparison where the value or the operand is not an int64. */
        INVALID_ARGUMENT
    }

    private CasCheck() {}

    /**
     * @param current the live user value of the check record, empty when it does not exist or expired
     */
    static Outcome evaluate(cas_check_type type, byte[] operand, Optional<byte[]> current) {
        return switch (type) {
            case CT_NO_CHECK -> Outcome.PASSED;
            case CT_VALUE_NOT_EXIST -> passedIf(current.isEmpty());
            case CT_VALUE_NOT_EXIST_OR_EMPTY -> passedIf(current.map(v -> v.length == 0).orElse(true));
            case CT_VALUE_EXIST -> passedIf(current.isPresent());
            case CT_VALUE_NOT_EMPTY -> passedIf(current.map(v -> v.length > 0).orElse(false));
            case CT_VALUE_MATCH_ANYWHERE, CT_VALUE_MATCH_PREFIX, CT_VALUE_MATCH_POSTFIX ->
                    passedIf(current.map(v -> matchFilter(type, operand).matches(v)).orElse(false));
            case CT_VALUE_BYTES_LESS, CT_VALUE_BYTES_LESS_OR_EQUAL, CT_VALUE_BYTES_EQUAL,
                    CT_VALUE_BYTES_GREATER_OR_EQUAL, CT_VALUE_BYTES_GREATER ->
                    passedIf(current.map(v -> comparisonHolds(type, Arrays.compareUnsigned(v, operand))).orElse(false));
            case CT_VALUE_INT_LESS, CT_VALUE_INT_LESS_OR_EQUAL, CT_VALUE_INT_EQUAL,
                    CT_VALUE_INT_GREATER_OR_EQUAL, CT_VALUE_INT_GREATER -> compareInts(type, operand, current);
        };
    }

    private static Outcome compareInts(cas_check_type type, byte[] operand, Optional<byte[]> current) {
        if (current.isEmpty()) {
            return Outcome.FAILED;
        }
        OptionalLong value = Int64Text.parse(current.get());
        OptionalLong expected = Int64Text.parse(operand);
        if (value.isEmpty() || expected.isEmpty()) {
            return Outcome.INVALID_ARGUMENT;
        }
        return passedIf(comparisonHolds(type, Long.compare(value.getAsLong(), expected.getAsLong())));
    }

    /** Whether "value OP operand" holds given {@code sign = compare(value, operand)}. */
    private static boolean comparisonHolds(cas_check_type type, int sign) {
        return switch (type) {
            case CT_VALUE_BYTES_LESS, CT_VALUE_INT_LESS -> sign < 0;
            case CT_VALUE_BYTES_LESS_OR_EQUAL, CT_VALUE_INT_LESS_OR_EQUAL -> sign <= 0;
            case CT_VALUE_BYTES_EQUAL, CT_VALUE_INT_EQUAL -> sign == 0;
            case CT_VALUE_BYTES_GREATER_OR_EQUAL, CT_VALUE_INT_GREATER_OR_EQUAL -> sign >= 0;
            case CT_VALUE_BYTES_GREATER, CT_VALUE_INT_GREATER -> sign > 0;
            default -> throw new IllegalArgumentException(type + " is not a comparison");
        };
    }

    private static PatternFilter matchFilter(cas_check_type type, byte[] operand) {
        return switch (type) {
            case CT_VALUE_MATCH_ANYWHERE -> new PatternFilter(PatternFilter.Kind.ANYWHERE, operand);
            case CT_VALUE_MATCH_PREFIX -> new PatternFilter(PatternFilter.Kind.PREFIX, operand);
            case CT_VALUE_MATCH_POSTFIX -> new PatternFilter(PatternFilter.Kind.POSTFIX, operand);
            default -> throw new IllegalArgumentException(type + " is not a match");
        };
    }

    private static Outcome passedIf(boolean passed) {
        return passed ? Outcome.PASSED : Outcome.FAILED;
    }
}
