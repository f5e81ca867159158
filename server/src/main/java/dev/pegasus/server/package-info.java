/** Meta server and replica server. */
package dev.pegasus.server;
