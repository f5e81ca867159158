/**
 * Duplication's source side on a replica server: each primary of a duplicated table reads its
 * committed mutations back from the log and ships them to the remote cluster's table, reports how far
 * it got, and keeps the log until then.
 */
package dev.pegasus.server.replica.duplication;
