package org.strata.api.os;

import java.time.Instant;

/** One thing that happened to a provisioning: a step Strata took or a callback it received. */
public record ProvisioningStep(String step, String detail, Instant at) {}
