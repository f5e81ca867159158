package dev.pegasus.server.meta.core;

import java.util.OptionalLong;

/**
 * Whether a member of a partition's configuration still holds its role there. A member has lost it
 * when its replica server restarted since the life in which it held or was given the role (a restarted
 * replica comes back inactive, and must never take up a role of its previous life at that life's
 * ballot: a log tail it lost in the crash could make it hand out a decree twice), when its replica
 * failed (a failed replica serves nothing for the rest of its life and takes no configuration any
 * more, so its report stays at the ballot it failed at), or when the member itself reports being
 * inactive at the configuration's ballot or a later one. An inactive report at an older ballot is not
 * held against it: the configuration may simply not have reached the replica yet.
 */
public final class MemberStanding {
    private MemberStanding() {}

    /** What the member's server last reported of its replica. */
    public enum Reported {
        /** Nothing, or a replica in a role. */
        IN_ROLE,
        INACTIVE,
        FAILED
    }

    /**
     * @param recordedLife   the life recorded for the member in this configuration, empty when unknown
     * @param currentLife    the life its server syncs with now, empty when it has not synced
     * @param reported       its server's last report of the replica
     * @param reportedBallot the ballot of that report
     */
    public static boolean lost(OptionalLong recordedLife, OptionalLong currentLife, Reported reported,
            long reportedBallot, long configBallot) {
        boolean restarted = recordedLife.isPresent() && currentLife.isPresent()
                && recordedLife.getAsLong() != currentLife.getAsLong();
        return restarted || reported == Reported.FAILED
                || (reported == Reported.INACTIVE && reportedBallot >= configBallot);
    }
}
