package org.strata.engine;

import java.util.Objects;

/**
 * What a task works on. Two tasks on equal targets never run at once: the later one waits, QUEUED, until the
 * earlier one has finished. The type is a lower-case word ({@code vm}, {@code host}, {@code volume},
 * {@code datacenter}, {@code pool}, or a new layer's own), the id that target's id.
 */
public record TaskTarget(String type, String id) {

    public TaskTarget {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        if (type.isBlank() || id.isBlank()) {
            throw new IllegalArgumentException("a task target needs a type and an id");
        }
    }

    public static TaskTarget vm(String id) {
        return new TaskTarget("vm", id);
    }

    /** A host of any kind: hypervisor, storage host or bare-metal machine. */
    public static TaskTarget host(String id) {
        return new TaskTarget("host", id);
    }

    @Override
    public String toString() {
        return type + " " + id;
    }
}
