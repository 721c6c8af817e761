package org.strata.api.datacenter;

/**
 * One resource of a pool (CPU in vCPUs, memory in MiB).
 *
 * @param reserved  the pool's own reservation
 * @param used      what its powered-on VMs and its child pools hold (a child holds at least its reservation)
 * @param available what one more VM could still get here: the rest of the pool's reservation, and, when expandable,
 *                  what its parent could give; never above what its limit leaves
 * @param limit     the pool's limit, or null
 */
public record Allocation(long reserved, long used, long available, Long limit) {}
