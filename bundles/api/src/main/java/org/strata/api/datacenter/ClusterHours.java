package org.strata.api.datacenter;

/** A cluster's host-hours over a usage report's period. */
public record ClusterHours(String clusterId, String name, double hostHoursPoweredOn, double hostHoursSaved) {}
