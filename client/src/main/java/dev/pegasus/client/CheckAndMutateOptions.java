package dev.pegasus.client;

/** @param returnCheckValue whether the result carries the check record's value as it was before */
public record CheckAndMutateOptions(boolean returnCheckValue) {
    public static CheckAndMutateOptions defaults() {
        return new CheckAndMutateOptions(false);
    }
}
