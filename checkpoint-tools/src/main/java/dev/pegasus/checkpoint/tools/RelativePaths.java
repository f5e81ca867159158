package dev.pegasus.checkpoint.tools;

import java.net.URI;

/** Checks the store-relative paths of {@link dev.pegasus.checkpoint.FileStore}, which must stay under the root. */
final class RelativePaths {
    private RelativePaths() {
    }

    /** @throws IllegalArgumentException when {@code path} is absolute or climbs out with ".." */
    static void check(String path, URI root) {
        if (path.startsWith("/")) {
            throw new IllegalArgumentException("path '" + path + "' is absolute; paths are relative to " + root);
        }
        for (String name : path.split("/")) {
            if (name.equals("..")) {
                throw new IllegalArgumentException("path '" + path + "' leaves the store rooted at " + root);
            }
        }
    }
}
