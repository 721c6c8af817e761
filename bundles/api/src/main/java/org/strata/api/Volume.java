package org.strata.api;

/** A storage volume in a pool of a host or storage system. */
public record Volume(String id, String hostId, String pool, String name, long capacityBytes, String format) {
}
