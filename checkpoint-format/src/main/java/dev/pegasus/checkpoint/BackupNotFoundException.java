package dev.pegasus.checkpoint;

import java.io.IOException;

/**
 * The backup asked for is not there: no backup root, no backup of the table under it, no backup with
 * that id, or only incomplete ones. The message names what is missing and lists what is there.
 */
public final class BackupNotFoundException extends IOException {
    public BackupNotFoundException(String message) {
        super(message);
    }
}
