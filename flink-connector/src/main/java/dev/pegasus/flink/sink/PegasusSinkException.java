package dev.pegasus.flink.sink;

/** A write the sink could not make: the job fails with it, naming the table, the record and the cause. */
public class PegasusSinkException extends RuntimeException {
    public PegasusSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
