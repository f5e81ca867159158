package dev.pegasus.checkpoint;

/**
 * One file of a partition's checkpoint as a manifest lists it.
 *
 * @param name file name inside the partition's checkpoint directory (checkpoints are flat)
 * @param size length in bytes
 * @param crc32c CRC32C of the whole file ({@link java.util.zip.CRC32C}), unsigned
 */
public record ManifestFile(String name, long size, long crc32c) {
    public ManifestFile {
        if (name == null || name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("a checkpoint file name must be a plain name, not '" + name + "'");
        }
        if (size < 0) {
            throw new IllegalArgumentException("file " + name + " has a negative size " + size);
        }
    }
}
