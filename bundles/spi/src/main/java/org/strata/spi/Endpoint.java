package org.strata.spi;

import java.util.Map;
import java.util.Objects;

/**
 * Where and as whom a driver reaches a managed system: the address in the driver's own syntax (a libvirt
 * URI, a BMC's host:port, an array's management URL), the user, the password, and driver-specific options.
 */
public record Endpoint(String address, String username, Secret password, Map<String, String> options) {

    public Endpoint {
        Objects.requireNonNull(address, "address");
        password = password == null ? Secret.none() : password;
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public static Endpoint of(String address) {
        return new Endpoint(address, null, Secret.none(), Map.of());
    }
}
