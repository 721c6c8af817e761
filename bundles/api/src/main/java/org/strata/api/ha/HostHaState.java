package org.strata.api.ha;

/**
 * A host of an HA cluster as detection sees it. Each change is an event ({@code HOST_HA_<STATE>}).
 *
 * <ul>
 *   <li>{@code UP}: its hypervisor answers.
 *   <li>{@code SUSPECT}: its hypervisor stopped answering; the other signals are being read.
 *   <li>{@code ISOLATED}: its hypervisor does not answer but it still holds its VMs' leases, or its BMC reads it on
 *       and it cannot be fenced: alive and cut off. Nothing is restarted: its VMs may still run.
 *   <li>{@code FAILED}: its hypervisor does not answer and nothing shows it alive; fencing follows.
 *   <li>{@code FENCING}: being powered off through its BMC, and read back until off.
 *   <li>{@code FENCED}: confirmed off (its BMC reads it off), or, with its BMC gone too, its VMs' leases are free:
 *       its HA VMs restart elsewhere. It leaves this state when its hypervisor answers again.
 * </ul>
 */
public enum HostHaState {
    UP,
    SUSPECT,
    ISOLATED,
    FAILED,
    FENCING,
    FENCED
}
