/** Thin Java client of a Pegasus cluster. */
package dev.pegasus.client;
