package org.strata.spi.hypervisor;

import java.util.Objects;

/**
 * How a hypervisor that copies disks itself ({@code VM_CLONE}) should clone a VM (since 2.1).
 *
 * @param name     the new VM's name on the host
 * @param linked   share the source's disks read-only and write to new delta disks, instead of copying them
 * @param snapshot for a linked clone, the source's snapshot whose disks the clone shares (null for the current
 *                 state, where the hypervisor allows that); ignored for a full clone
 */
public record CloneSpec(String name, boolean linked, String snapshot) {

    public CloneSpec {
        Objects.requireNonNull(name, "name");
    }
}
