package dev.pegasus.bulkload;

import java.io.IOException;

/** The input cannot be loaded; the message names the file and the line or row. */
public final class BadInputException extends IOException {
    public BadInputException(String message) {
        super(message);
    }
}
