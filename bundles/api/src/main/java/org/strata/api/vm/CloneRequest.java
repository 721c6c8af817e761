package org.strata.api.vm;

/**
 * A clone to make of a VM or a template (since 2.3).
 *
 * @param name     the new VM's name
 * @param hostId   the host to define it on; null for the source's host (the only one a linked clone may use unless
 *                 the host sees the source's storage too)
 * @param poolId   the resource pool of the new VM; null for the source's
 * @param linked   share the source's disks read-only and write to new delta disks (qcow2 backing files on libvirt, a
 *                 child disk of a snapshot on ESX) instead of copying them; only from a template or, on ESX, from a
 *                 snapshot; null means false
 * @param snapshot on ESX, the source's snapshot a linked clone shares; null for its current snapshot
 */
public record CloneRequest(String name, String hostId, String poolId, Boolean linked, String snapshot) {}
