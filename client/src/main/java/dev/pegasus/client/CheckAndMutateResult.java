package dev.pegasus.client;

import java.util.Arrays;
import java.util.Objects;

/**
 * Outcome of a check-and-mutate. A failed check is a normal outcome ({@code mutateSucceed == false}),
 * not an exception.
 *
 * @param checkValueReturned whether the check value was asked for and returned
 * @param checkValueExist whether the check record existed (meaningful when returned)
 * @param checkValue the check record's value before the operation; null when absent or not returned
 */
public record CheckAndMutateResult(boolean mutateSucceed, boolean checkValueReturned, boolean checkValueExist,
        byte[] checkValue) {
    @Override
    public boolean equals(Object o) {
        return o instanceof CheckAndMutateResult other && mutateSucceed == other.mutateSucceed
                && checkValueReturned == other.checkValueReturned && checkValueExist == other.checkValueExist
                && Arrays.equals(checkValue, other.checkValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mutateSucceed, checkValueReturned, checkValueExist, Arrays.hashCode(checkValue));
    }

    @Override
    public String toString() {
        return "CheckAndMutateResult[mutateSucceed=" + mutateSucceed + ", checkValueReturned=" + checkValueReturned
                + ", checkValueExist=" + checkValueExist + ", checkValue=" + Bytes.show(checkValue) + "]";
    }
}
