package dev.pegasus.bulkload;

import java.io.IOException;
import java.util.Optional;

/** Reads the records of one input file in order. */
public interface RecordReader extends AutoCloseable {
    /**
     * @return the next record, empty at the end of the input
     * @throws BadInputException naming the line or row that is not a valid record
     */
    Optional<InputRecord> next() throws IOException;

    @Override
    void close() throws IOException;
}
