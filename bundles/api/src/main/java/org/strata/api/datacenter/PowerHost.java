package org.strata.api.datacenter;

/**
 * A host in a power management report (since 1.1): one to power off or on, one in standby, or one left out, and why.
 *
 * @param since for a host in standby, when it entered standby (ISO-8601); null otherwise
 */
public record PowerHost(String hostId, String hostName, String reason, String since) {}
