package dev.pegasus.server.meta.core;

import java.util.OptionalLong;

/**
 * Whether a member of a partition's configuration still holds its role there. A member has lost it
 * when its replica server restarted since the life in which it held or was given the role (a restarted
 * replica comes back inactive, and must never take up a role of its previous life at that life's
 * ballot: a log tail it lost in the crash could make it hand out a decree twice), or when the member
 * itself reports having no role (inactive or failed) at the configuration's ballot or a later one. A
 * report at an older ballot is not held against it: the configuration may simply not have reached the
 * replica yet.
 */
public final class MemberStanding {
    private MemberStanding() {}

    /**
     * @param recordedLife   the life recorded for the member in this configuration, empty when unknown
     * @param currentLife    the life its server syncs with now, empty when it has not synced
     * @param reportsNoRole  its server's last report shows the replica inactive or failed
     * @param reportedBallot the ballot of that report
     */
    public static boolean lost(OptionalLong recordedLife, OptionalLong currentLife, boolean reportsNoRole,
            long reportedBallot, long configBallot) {
        boolean restarted = recordedLife.isPresent() && currentLife.isPresent()
                && recordedLife.getAsLong() != currentLife.getAsLong();
        return restarted || (reportsNoRole && reportedBallot >= configBallot);
    }
}
