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
        // In the enum's order, so that what is written of it (JSON, XML) is the same from one run to the next.
        methods =
                methods.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(methods));
    }
}
