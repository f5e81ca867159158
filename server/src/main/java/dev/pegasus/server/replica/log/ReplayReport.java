package dev.pegasus.server.replica.log;

import java.util.Optional;

/**
 * Result of replaying a log at start-up.
 *
 * @param recordsReplayed how many records were passed to the visitor
 * @param bytesReplayed   their encoded size on disk
 * @param truncatedTail   what was wrong and where, if a torn or corrupt tail was cut off; operators read
 *                        it to tell a routine crash from a failing disk
 */
public record ReplayReport(long recordsReplayed, long bytesReplayed, Optional<String> truncatedTail) {}
