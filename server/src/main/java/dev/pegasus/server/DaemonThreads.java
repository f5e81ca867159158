package dev.pegasus.server;

import java.util.concurrent.ThreadFactory;

/** Threads of a server's pools: named for thread dumps, and daemons so they never keep a stopped server's JVM alive. */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    public static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
