package org.strata.engine;

import java.util.Optional;
import org.strata.api.inventory.HostState;
import org.strata.api.monitor.HostSample;

/**
 * How a host is doing now: its state as the platform last saw it, why when it is not AVAILABLE, and its latest
 * statistics sample when the monitor has one.
 */
public record HostStatus(String hostId, HostState state, String reason, Optional<HostSample> latest) {}
