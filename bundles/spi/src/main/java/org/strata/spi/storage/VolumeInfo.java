package org.strata.spi.storage;

/** A volume as its backend reports it. */
public record VolumeInfo(
        String pool, String name, long capacityBytes, long allocationBytes, String format, String path) {}
