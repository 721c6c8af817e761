package org.strata.api.os;

import java.util.Set;

/** An installable OS profile, as its driver offers it. */
public record OsProfileInfo(
        String id,
        String driverId,
        String name,
        String release,
        String edition,
        String role,
        String architecture,
        Set<ProvisioningMethod> methods) {
    public OsProfileInfo {
        methods = Set.copyOf(methods);
    }
}
