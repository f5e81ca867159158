package dev.pegasus.server.meta;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.rpc.RpcException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.leader.Participant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This meta server's part in choosing the one meta server that serves. Every meta server joins a
 * Curator {@link LeaderLatch} with its {@code host:port} as participant id. The latch's leader first
 * loads the state from ZooKeeper (the take-over) and only then serves; until then, and as soon as
 * the latch reports the leadership lost (ZooKeeper connection suspended or session lost),
 * {@link #checkServing()} refuses with ERR_FORWARD_TO_OTHERS so clients and replica servers move on
 * to the next meta server.
 *
 * <p>Each change of leadership starts a new term. A take-over belongs to the term it started in and
 * can only make this server serve if that term is still current: a take-over that is still loading
 * when the leadership is lost (or lost and won again) never marks the server serving with state that
 * may predate another leader's writes.
 */
final class MetaLeadership implements LeaderFence, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetaLeadership.class);
    private static final long RETRY_TAKE_OVER_MS = 1000;

    /** Loads the state the new leader will serve. */
    interface TakeOver {
        void run() throws Exception;
    }

    private final String id;
    private final LeaderLatch latch;
    private final ScheduledExecutorService executor;
    private final TakeOver takeOver;
    /** Guarded by this. */
    private long term;
    private volatile boolean serving;

    /**
     * @param executor runs the take-over; the meta server's DDL thread, so a take-over never overlaps a
     *     DDL operation
     */
    MetaLeadership(CuratorFramework zk, String latchPath, String id, ScheduledExecutorService executor,
            TakeOver takeOver) {
        this.id = id;
        this.latch = new LeaderLatch(zk, latchPath, id);
        this.executor = executor;
        this.takeOver = takeOver;
        // Called on Curator's event thread, so it must not block: a take-over runs on the executor.
        latch.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                won();
            }

            @Override
            public void notLeader() {
                lost();
            }
        }, Runnable::run);
    }

    void start() throws Exception {
        latch.start();
        LOG.info("meta server {} joined the leader election", id);
    }

    String id() {
        return id;
    }

    boolean isServing() {
        return serving;
    }

    /** @throws RpcException ERR_FORWARD_TO_OTHERS unless this server is the leader and has loaded the state */
    void checkServing() {
        if (!serving) {
            throw notServing();
        }
    }

    @Override
    public String leaderNode() {
        String node = latch.getLastPathIsLeader();
        if (!serving || !latch.hasLeadership() || node == null) {
            throw notServing();
        }
        return node;
    }

    /** The id of the meta server the election chose, if one is known. */
    Optional<String> leader() {
        try {
            Participant leader = latch.getLeader();
            return leader.isLeader() ? Optional.of(leader.getId()) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Every meta server taking part in the election, by id, in the order of their turn. */
    List<String> participants() throws Exception {
        return latch.getParticipants().stream().map(Participant::getId).distinct().toList();
    }

    private RpcException notServing() {
        return new RpcException(ErrorCode.ERR_FORWARD_TO_OTHERS, "meta server " + id + " is not the leader");
    }

    private void won() {
        long wonTerm;
        synchronized (this) {
            wonTerm = ++term;
        }
        LOG.info("meta server {} won the leader election; loading the state from ZooKeeper", id);
        schedule(wonTerm, 0);
    }

    private void lost() {
        synchronized (this) {
            term++;
            serving = false;
        }
        LOG.warn("meta server {} lost leadership; requests are redirected to the other meta servers", id);
    }

    private void schedule(long wonTerm, long delayMs) {
        try {
            executor.schedule(() -> takeOver(wonTerm), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("meta server {} is stopping; no take-over", id);
        }
    }

    private void takeOver(long wonTerm) {
        if (!isCurrent(wonTerm)) {
            return;
        }
        long started = System.nanoTime();
        try {
            takeOver.run();
        } catch (Exception e) {
            LOG.warn("meta server {} could not load the state as new leader, retrying in {} ms: {}", id,
                    RETRY_TAKE_OVER_MS, e.toString());
            schedule(wonTerm, RETRY_TAKE_OVER_MS);
            return;
        }
        synchronized (this) {
            if (!isCurrent(wonTerm)) {
                return;
            }
            serving = true;
        }
        LOG.info("meta server {} is now the leader (state loaded in {} ms)", id,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private synchronized boolean isCurrent(long wonTerm) {
        return term == wonTerm && latch.hasLeadership();
    }

    /** Stops serving and leaves the election, deleting the latch node so another meta server takes over at once. */
    @Override
    public void close() {
        synchronized (this) {
            term++;
            serving = false;
        }
        try {
            latch.close();
        } catch (IOException | IllegalStateException e) {
            LOG.debug("meta server {} could not leave the election cleanly: {}", id, e.toString());
        }
    }
}
