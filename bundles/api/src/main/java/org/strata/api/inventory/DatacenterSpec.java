package org.strata.api.inventory;

/** What a caller gives to create or change a datacenter. */
public record DatacenterSpec(String name, String description) {}
