package org.strata.api;

/** What a caller gives to create or change a datacenter. */
public record DatacenterSpec(String name, String description) {
}
