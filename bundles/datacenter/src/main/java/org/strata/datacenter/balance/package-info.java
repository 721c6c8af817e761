/**
 * The decisions behind balancing (DRS-like) and power management (DPM-like), as pure functions of a cluster
 * snapshot: {@link org.strata.datacenter.balance.Balancer} proposes live migrations that even out <em>measured</em>
 * load, {@link org.strata.datacenter.balance.PowerPlanner} proposes hosts to empty and power off, or to power on. Both
 * take immutable records in, give immutable records out with reasons in words, keep no state between calls, and ask
 * the caller's {@link org.strata.datacenter.balance.MoveCheck} (the placement filters) before proposing a move. VMs
 * that cannot move are left out of a plan and named, never blocking it. Carrying a plan out (live migrations, BMC power
 * actions, events) is the caller's.
 */
package org.strata.datacenter.balance;
