package dev.pegasus.client;

/** A replica server known to the meta server. @param address {@code host:port} */
public record NodeInfo(String address, boolean alive) {}
