package dev.pegasus.flink.sink;

import java.io.Serializable;

/**
 * Turns an element of the stream into the write the sink sends. Runs in the sink's task, once per
 * element; shipped to the task managers with the job, hence serializable.
 */
@FunctionalInterface
public interface PegasusSerializer<T> extends Serializable {
    PegasusRecord serialize(T element);
}
