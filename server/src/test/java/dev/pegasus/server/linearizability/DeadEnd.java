package dev.pegasus.server.linearizability;

import java.util.List;

/**
 * Where the search got furthest before it had to backtrack: the known operation whose completion no
 * explored ordering could get past, the register values those orderings reached just before it, and
 * the last operations of one such ordering. For a violation this is the place to look; for an
 * undecided search it shows how far the search came.
 */
record DeadEnd(Operation blocked, List<String> valuesBefore, List<Operation> lastLinearized) {}
