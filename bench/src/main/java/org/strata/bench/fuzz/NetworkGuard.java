package org.strata.bench.fuzz;

import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps every address the fuzzer sends on this machine. Strata contacts what a host's {@code address} or a
 * discovery's {@code addresses} names (at once, or at the next reconcile or sensor round), so a mutated value
 * could otherwise send packets or DNS queries elsewhere. Any text in such a field that is not one of the known
 * loopback values is made unusable as a remote name: {@code test:///} before a host address (libvirt's
 * in-process driver, or a refusal), {@code 127.0.0.1/} before discovery addresses (a loopback CIDR, or a refusal).
 */
final class NetworkGuard {

    // No qemu:///system or xen:///system: a libvirtd on this machine may hold other people's test VMs.
    static final Set<String> SAFE_ADDRESSES = Set.of(
            "test:///default",
            "127.0.0.1:9",
            "esx://127.0.0.1:9/?no_verify=1",
            "vpx://127.0.0.1:9/DC0/H0?transport=http");
    static final List<String> SAFE_RANGES = List.of("127.0.0.1", "127.0.0.1-127.0.0.2", "127.0.0.0/30");

    private static final Map<String, String> PREFIX = Map.of("address", "test:///", "addresses", "127.0.0.1/");

    /** The value made safe in place, and returned. */
    JsonNode guard(JsonNode value) {
        if (value instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                String prefix = PREFIX.get(e.getKey());
                if (prefix != null
                        && e.getValue().isString()
                        && !safe(e.getKey(), e.getValue().asString())) {
                    object.put(e.getKey(), prefix + e.getValue().asString());
                } else {
                    guard(e.getValue());
                }
            }
        } else if (value instanceof ArrayNode array) {
            array.forEach(this::guard);
        }
        return value;
    }

    static boolean safe(String field, String text) {
        if ("address".equals(field)) {
            return SAFE_ADDRESSES.contains(text) || text.startsWith("test:///");
        }
        return SAFE_RANGES.contains(text) || text.startsWith("127.0.0.1/");
    }
}
