package dev.pegasus.server.replica.storage;

import static dev.pegasus.protocol.thrift.cas_check_type.*;
import static dev.pegasus.server.replica.storage.CasCheck.Outcome.FAILED;
import static dev.pegasus.server.replica.storage.CasCheck.Outcome.INVALID_ARGUMENT;
import static dev.pegasus.server.replica.storage.CasCheck.Outcome.PASSED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pegasus.protocol.thrift.cas_check_type;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CasCheckTest {
    /** Marks "the check record does not exist" in the table below. */
    private static final String ABSENT = null;

    static Stream<Arguments> cases() {
        return Stream.of(
                // type, current value, operand, outcome
                Arguments.of(CT_NO_CHECK, ABSENT, "", PASSED),
                Arguments.of(CT_NO_CHECK, "x", "", PASSED),
                Arguments.of(CT_VALUE_NOT_EXIST, ABSENT, "", PASSED),
                Arguments.of(CT_VALUE_NOT_EXIST, "", "", FAILED),
                Arguments.of(CT_VALUE_NOT_EXIST_OR_EMPTY, ABSENT, "", PASSED),
                Arguments.of(CT_VALUE_NOT_EXIST_OR_EMPTY, "", "", PASSED),
                Arguments.of(CT_VALUE_NOT_EXIST_OR_EMPTY, "x", "", FAILED),
                Arguments.of(CT_VALUE_EXIST, ABSENT, "", FAILED),
                Arguments.of(CT_VALUE_EXIST, "", "", PASSED),
                Arguments.of(CT_VALUE_NOT_EMPTY, ABSENT, "", FAILED),
                Arguments.of(CT_VALUE_NOT_EMPTY, "", "", FAILED),
                Arguments.of(CT_VALUE_NOT_EMPTY, "x", "", PASSED),
                Arguments.of(CT_VALUE_MATCH_ANYWHERE, "abcde", "bcd", PASSED),
                Arguments.of(CT_VALUE_MATCH_ANYWHERE, "abcde", "bd", FAILED),
                Arguments.of(CT_VALUE_MATCH_ANYWHERE, "ab", "abc", FAILED),
                Arguments.of(CT_VALUE_MATCH_ANYWHERE, "", "", PASSED),
                Arguments.of(CT_VALUE_MATCH_ANYWHERE, ABSENT, "", FAILED),
                Arguments.of(CT_VALUE_MATCH_PREFIX, "abcde", "abc", PASSED),
                Arguments.of(CT_VALUE_MATCH_PREFIX, "abcde", "bcd", FAILED),
                Arguments.of(CT_VALUE_MATCH_PREFIX, "abcde", "", PASSED),
                Arguments.of(CT_VALUE_MATCH_PREFIX, ABSENT, "a", FAILED),
                Arguments.of(CT_VALUE_MATCH_POSTFIX, "abcde", "cde", PASSED),
                Arguments.of(CT_VALUE_MATCH_POSTFIX, "abcde", "abc", FAILED),
                Arguments.of(CT_VALUE_MATCH_POSTFIX, "abcde", "abcde", PASSED),
                Arguments.of(CT_VALUE_BYTES_LESS, "abc", "abd", PASSED),
                Arguments.of(CT_VALUE_BYTES_LESS, "abc", "abc", FAILED),
                Arguments.of(CT_VALUE_BYTES_LESS, "ab", "abc", PASSED),
                Arguments.of(CT_VALUE_BYTES_LESS, ABSENT, "abc", FAILED),
                Arguments.of(CT_VALUE_BYTES_LESS_OR_EQUAL, "abc", "abc", PASSED),
                Arguments.of(CT_VALUE_BYTES_LESS_OR_EQUAL, "abd", "abc", FAILED),
                Arguments.of(CT_VALUE_BYTES_EQUAL, "abc", "abc", PASSED),
                Arguments.of(CT_VALUE_BYTES_EQUAL, "abc", "ab", FAILED),
                Arguments.of(CT_VALUE_BYTES_EQUAL, "", "", PASSED),
                Arguments.of(CT_VALUE_BYTES_GREATER_OR_EQUAL, "abc", "abc", PASSED),
                Arguments.of(CT_VALUE_BYTES_GREATER_OR_EQUAL, "abb", "abc", FAILED),
                Arguments.of(CT_VALUE_BYTES_GREATER, "abd", "abc", PASSED),
                Arguments.of(CT_VALUE_BYTES_GREATER, "abc", "abc", FAILED),
                // Bytes compare unsigned: 0xC3 (from "é") sorts after ASCII.
                Arguments.of(CT_VALUE_BYTES_GREATER, "é", "z", PASSED),
                Arguments.of(CT_VALUE_INT_LESS, "9", "10", PASSED),
                Arguments.of(CT_VALUE_INT_LESS, "10", "10", FAILED),
                Arguments.of(CT_VALUE_INT_LESS_OR_EQUAL, "-5", "-5", PASSED),
                Arguments.of(CT_VALUE_INT_LESS_OR_EQUAL, "1", "-5", FAILED),
                Arguments.of(CT_VALUE_INT_EQUAL, "+7", "7", PASSED),
                Arguments.of(CT_VALUE_INT_EQUAL, "7", "8", FAILED),
                Arguments.of(CT_VALUE_INT_GREATER_OR_EQUAL, "10", "9", PASSED),
                Arguments.of(CT_VALUE_INT_GREATER_OR_EQUAL, "8", "9", FAILED),
                Arguments.of(CT_VALUE_INT_GREATER, "9223372036854775807", "-9223372036854775808", PASSED),
                Arguments.of(CT_VALUE_INT_GREATER, "3", "3", FAILED),
                Arguments.of(CT_VALUE_INT_EQUAL, ABSENT, "1", FAILED),
                Arguments.of(CT_VALUE_INT_EQUAL, "abc", "1", INVALID_ARGUMENT),
                Arguments.of(CT_VALUE_INT_EQUAL, "1", "abc", INVALID_ARGUMENT),
                Arguments.of(CT_VALUE_INT_EQUAL, "", "0", INVALID_ARGUMENT),
                Arguments.of(CT_VALUE_INT_LESS, "1", "", INVALID_ARGUMENT),
                Arguments.of(CT_VALUE_INT_GREATER, "9223372036854775808", "1", INVALID_ARGUMENT));
    }

    @ParameterizedTest(name = "{0} value={1} operand={2} -> {3}")
    @MethodSource("cases")
    void evaluatesEveryCheckType(cas_check_type type, String current, String operand, CasCheck.Outcome expected) {
        Optional<byte[]> value = Optional.ofNullable(current).map(CasCheckTest::bytes);
        assertEquals(expected, CasCheck.evaluate(type, bytes(operand), value));
    }

    @Test
    void tableCoversEveryCheckType() {
        Set<cas_check_type> covered = cases().map(a -> (cas_check_type) a.get()[0])
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(cas_check_type.class)));
        assertEquals(EnumSet.allOf(cas_check_type.class), covered);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
