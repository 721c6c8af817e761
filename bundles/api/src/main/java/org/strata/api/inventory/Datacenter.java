package org.strata.api.inventory;

import java.time.Instant;

/** A datacenter: the top of the inventory tree, holding resource pools and hosts. */
public record Datacenter(String id, String name, String description, Instant created) {}
