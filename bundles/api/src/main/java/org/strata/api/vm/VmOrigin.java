package org.strata.api.vm;

/**
 * Where a cloned VM came from (since 2.3).
 *
 * @param sourceId the VM or template it was cloned from (it may since have been deleted, unless {@code linked})
 * @param linked   whether its disks read from the source's disks (a linked clone): the source cannot be deleted, or
 *                 stop being a template, while such clones exist
 * @param snapshot the source's snapshot it was cloned from, or null for the source's current state
 */
public record VmOrigin(String sourceId, boolean linked, String snapshot) {}
