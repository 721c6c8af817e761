package org.strata.api.datacenter;

import java.time.Instant;

/** A sample taken: when, and how many pool and cluster rows it recorded. */
public record UsageSampling(Instant at, int pools, int clusters) {}
