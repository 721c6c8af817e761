package org.strata.api.inventory;

/** A virtual network on a host. */
public record Network(String id, String hostId, String name, boolean active, String bridge) {}
