package org.strata.api.ha;

/** Where a failover stands. */
public enum FailoverState {
    /** The failed host is being powered off through its BMC. */
    FENCING,
    /** Confirmed off, or its leases free: its HA VMs are being restarted. */
    RESTARTING,
    /** Every HA VM of the host runs elsewhere. */
    DONE,
    /**
     * Some VMs could not be restarted (no host can take them, or they failed to start): they are retried when
     * capacity returns, and the failover ends DONE then.
     */
    INCOMPLETE,
    /** Nothing was restarted: the host could not be fenced and its leases do not make a restart safe. */
    UNSAFE,
    /** Its task was cancelled by an operator: what was not restarted by then stays where it was recorded. */
    CANCELLED
}
