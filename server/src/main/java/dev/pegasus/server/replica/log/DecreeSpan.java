package dev.pegasus.server.replica.log;

/**
 * The lowest and highest decree among one replica's records in one segment. A decree can be logged
 * again under a newer ballot after older ones, so the records are not in decree order and both ends
 * are kept: the highest tells garbage collection and readers whether the segment matters at all, the
 * lowest tells a reader how far back the replica's records still go.
 */
record DecreeSpan(long lowest, long highest) {
    DecreeSpan {
        if (lowest > highest) {
            throw new IllegalArgumentException("decree span [" + lowest + ", " + highest + "] is empty");
        }
    }

    static DecreeSpan of(long decree) {
        return new DecreeSpan(decree, decree);
    }

    DecreeSpan union(DecreeSpan other) {
        return new DecreeSpan(Math.min(lowest, other.lowest), Math.max(highest, other.highest));
    }
}
