package dev.pegasus.server.replica.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Int64TextTest {
    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "-0, 0",
        "+15, 15",
        "007, 7",
        "-42, -42",
        "9223372036854775807, 9223372036854775807",
        "-9223372036854775808, -9223372036854775808"})
    void parsesDecimalInt64(String text, long expected) {
        assertEquals(OptionalLong.of(expected), Int64Text.parse(text.getBytes(StandardCharsets.US_ASCII)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+", " 1", "1 ", "1.5", "0x10", "abc", "1e3",
        "9223372036854775808", "-9223372036854775809", "99999999999999999999", "١٢"})
    void rejectsAnythingElse(String text) {
        assertEquals(OptionalLong.empty(), Int64Text.parse(text.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE})
    void formatRoundTrips(long value) {
        assertEquals(OptionalLong.of(value), Int64Text.parse(Int64Text.format(value)));
    }
}
