package org.strata.api.hardware;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which machines a power-state sweep asks: the named ones ({@code hostIds}, at most
 * {@link HardwareService#MAX_POWER_STATES}), or every machine of a datacenter ({@code datacenterId}), or, with
 * neither, every machine. {@code timeoutSeconds} (1-300, default 30) bounds the whole sweep: a machine whose BMC
 * has not answered by then is reported as unreachable, and the others are not held up by it.
 */
public record PowerStatesRequest(List<String> hostIds, String datacenterId, Integer timeoutSeconds) {

    /** How long a sweep waits for its BMCs unless told otherwise. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 30;
    /** The longest a sweep may be told to wait. */
    public static final int MAX_TIMEOUT_SECONDS = 300;

    public PowerStatesRequest {
        // Not List.copyOf: a null among the ids is the caller's mistake to be told about (400), not a
        // NullPointerException here.
        hostIds = hostIds == null ? null : Collections.unmodifiableList(new ArrayList<>(hostIds));
    }

    /** The named machines, with the default timeout. */
    public static PowerStatesRequest of(List<String> hostIds) {
        return new PowerStatesRequest(hostIds, null, null);
    }
}
