package dev.pegasus.protocol;

/** A partition's global id: table (app) id and partition index, packed as Apache Pegasus packs gpid. */
public record Gpid(int appId, int partitionIndex) implements Comparable<Gpid> {
    public static Gpid unpack(long packed) {
        return new Gpid((int) packed, (int) (packed >>> 32));
    }

    public long pack() {
        return ((long) partitionIndex << 32) | (appId & 0xFFFFFFFFL);
    }

    @Override
    public String toString() {
        return appId + "." + partitionIndex;
    }

    @Override
    public int compareTo(Gpid other) {
        int byApp = Integer.compare(appId, other.appId);
        return byApp != 0 ? byApp : Integer.compare(partitionIndex, other.partitionIndex);
    }
}
