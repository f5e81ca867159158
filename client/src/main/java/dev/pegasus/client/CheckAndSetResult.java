package dev.pegasus.client;

import java.util.Arrays;
import java.util.Objects;

/**
 * Outcome of a check-and-set. A failed check is a normal outcome ({@code setSucceed == false}), not an
 * exception.
 *
 * @param checkValueReturned whether the check value was asked for and returned
 * @param checkValueExist whether the check record existed (meaningful when returned)
 * @param checkValue the check record's value before the operation; null when absent or not returned
 */
public record CheckAndSetResult(boolean setSucceed, boolean checkValueReturned, boolean checkValueExist,
        byte[] checkValue) {
    @Override
    public boolean equals(Object o) {
        return o instanceof CheckAndSetResult other && setSucceed == other.setSucceed
                && checkValueReturned == other.checkValueReturned && checkValueExist == other.checkValueExist
                && Arrays.equals(checkValue, other.checkValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(setSucceed, checkValueReturned, checkValueExist, Arrays.hashCode(checkValue));
    }

    @Override
    public String toString() {
        return "CheckAndSetResult[setSucceed=" + setSucceed + ", checkValueReturned=" + checkValueReturned
                + ", checkValueExist=" + checkValueExist + ", checkValue=" + Bytes.show(checkValue) + "]";
    }
}
