package org.strata.datacenter.ha;

import org.strata.api.ha.HostHaState;

/**
 * What detection concluded about a host that stopped answering, from its other two signals (docs/ha.md): pure, so that
 * every combination is tested without a host.
 */
final class Signals {

    /** The leases of the host's running HA VMs, read together. */
    enum Leases {
        /** At least one is held: a copy of that VM still runs somewhere. */
        HELD,
        /** Every one is free. */
        FREE,
        /** No lease to read (no lease directory, no HA VM running there), or one could not be read. */
        NONE
    }

    /** A verdict and why. */
    record Verdict(HostHaState state, String reason) {}

    private Signals() {}

    /**
     * The state of a host whose hypervisor does not answer. A held lease means a VM still runs there: isolated, never
     * fenced (oVirt skips fencing a host that still renews its storage lease). Otherwise the host is failed and fencing
     * decides (its BMC powers it off, or reads it off); whether its VMs may restart without a confirmed fence is the
     * failover's question, not detection's.
     */
    static Verdict verdict(Leases leases, org.strata.engine.Fencing.Power power, boolean hasBmc) {
        String bmc = !hasBmc
                ? "it has no BMC"
                : switch (power) {
                    case ON -> "its BMC reads it on";
                    case OFF -> "its BMC reads it off";
                    case UNANSWERED -> "its BMC does not answer";
                };
        if (leases == Leases.HELD) {
            return new Verdict(
                    HostHaState.ISOLATED,
                    "its hypervisor does not answer but its VMs' leases are held (alive, cut off); " + bmc);
        }
        return new Verdict(
                HostHaState.FAILED,
                "its hypervisor does not answer, "
                        + (leases == Leases.FREE ? "its VMs' leases are free" : "no lease shows it alive") + ", "
                        + bmc);
    }
}
