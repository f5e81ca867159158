package dev.pegasus.client;

import static dev.pegasus.client.RetryPolicy.Decision.FAIL;
import static dev.pegasus.client.RetryPolicy.Decision.REFRESH_ROUTES_AND_RETRY;
import static dev.pegasus.client.RetryPolicy.Decision.RETRY;
import static dev.pegasus.client.RetryMode.AT_MOST_ONCE;
import static dev.pegasus.client.RetryMode.SAFE_TO_REPEAT;
import static dev.pegasus.client.RetryMode.SINGLE_ATTEMPT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.rpc.RpcException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = RetryPolicy.DEFAULT;

    static Stream<Arguments> decisions() {
        return Stream.of(
                // code, mode, never sent, decision
                Arguments.of(ErrorCode.ERR_OBJECT_NOT_FOUND, SAFE_TO_REPEAT, false, REFRESH_ROUTES_AND_RETRY),
                Arguments.of(ErrorCode.ERR_INVALID_STATE, SAFE_TO_REPEAT, false, REFRESH_ROUTES_AND_RETRY),
                Arguments.of(ErrorCode.ERR_INACTIVE_STATE, SAFE_TO_REPEAT, false, REFRESH_ROUTES_AND_RETRY),
                Arguments.of(ErrorCode.ERR_PARENT_PARTITION_MISUSED, SAFE_TO_REPEAT, false, REFRESH_ROUTES_AND_RETRY),
                Arguments.of(ErrorCode.ERR_SESSION_RESET, SAFE_TO_REPEAT, false, REFRESH_ROUTES_AND_RETRY),
                Arguments.of(ErrorCode.ERR_TIMEOUT, SAFE_TO_REPEAT, false, RETRY),
                Arguments.of(ErrorCode.ERR_BUSY, SAFE_TO_REPEAT, false, RETRY),
                Arguments.of(ErrorCode.ERR_NOT_ENOUGH_MEMBER, SAFE_TO_REPEAT, false, RETRY),
                Arguments.of(ErrorCode.ERR_CAPACITY_EXCEEDED, SAFE_TO_REPEAT, false, RETRY),
                Arguments.of(ErrorCode.ERR_INVALID_DATA, SAFE_TO_REPEAT, false, FAIL),
                Arguments.of(ErrorCode.ERR_HANDLER_NOT_FOUND, SAFE_TO_REPEAT, false, FAIL),
                // a refusal by the server is safe to retry even for non-idempotent writes
                Arguments.of(ErrorCode.ERR_INVALID_STATE, AT_MOST_ONCE, false, REFRESH_ROUTES_AND_RETRY),
                Arguments.of(ErrorCode.ERR_BUSY, AT_MOST_ONCE, false, RETRY),
                // ... a lost answer is not
                Arguments.of(ErrorCode.ERR_TIMEOUT, AT_MOST_ONCE, false, FAIL),
                Arguments.of(ErrorCode.ERR_SESSION_RESET, AT_MOST_ONCE, false, FAIL),
                // ... unless the request never left
                Arguments.of(ErrorCode.ERR_SESSION_RESET, AT_MOST_ONCE, true, REFRESH_ROUTES_AND_RETRY),
                Arguments.of(ErrorCode.ERR_INVALID_STATE, SINGLE_ATTEMPT, false, FAIL),
                Arguments.of(ErrorCode.ERR_BUSY, SINGLE_ATTEMPT, true, FAIL));
    }

    @ParameterizedTest(name = "{0} {1} neverSent={2} -> {3}")
    @MethodSource("decisions")
    void decides(ErrorCode code, RetryMode mode, boolean neverSent, RetryPolicy.Decision expected) {
        assertEquals(expected, policy.decide(code, mode, neverSent));
    }

    @Test
    void backoffDoublesUpToTheCap() {
        assertEquals(10, policy.backoffMillis(1));
        assertEquals(20, policy.backoffMillis(2));
        assertEquals(40, policy.backoffMillis(3));
        assertEquals(320, policy.backoffMillis(6));
        assertEquals(500, policy.backoffMillis(7));
        assertEquals(500, policy.backoffMillis(1000));
    }

    @Test
    void tellsAFailedConnectFromALostConnection() {
        assertTrue(RetryPolicy.neverSent(new RpcException(ErrorCode.ERR_SESSION_RESET,
                "cannot connect to 127.0.0.1:1: Connection refused")));
        assertFalse(RetryPolicy.neverSent(new RpcException(ErrorCode.ERR_SESSION_RESET,
                "connection to 127.0.0.1:1 lost")));
        assertFalse(RetryPolicy.neverSent(new RpcException(ErrorCode.ERR_TIMEOUT, "cannot connect to x")));
    }
}
