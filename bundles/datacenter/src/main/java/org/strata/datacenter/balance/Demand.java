package org.strata.datacenter.balance;

import java.util.Objects;

/**
 * Extra load about to come that the powered-on hosts must carry: a VM to start, or a reservation to honour. In the
 * units of measured use (host CPUs, MiB): what the caller expects it to use, e.g. its reservation or its size.
 *
 * @param cpu CPUs needed
 * @param memoryMib memory needed
 * @param oneHost whether it must fit on a single host (a VM) rather than anywhere in the cluster (a pool's
 *     reservation)
 * @param what what needs it, in words, for the reasons (e.g. "VM web-7")
 */
public record Demand(double cpu, long memoryMib, boolean oneHost, String what) {

    public Demand {
        Objects.requireNonNull(what, "what");
        if (!(cpu >= 0) || Double.isInfinite(cpu) || memoryMib < 0) {
            throw new IllegalArgumentException(what + ": the CPUs and memory demanded must be zero or more");
        }
    }

    /** A VM to start: it must fit on one host. */
    public static Demand vm(String what, double cpu, long memoryMib) {
        return new Demand(cpu, memoryMib, true, what);
    }

    /** A reservation: capacity anywhere in the cluster. */
    public static Demand reservation(String what, double cpu, long memoryMib) {
        return new Demand(cpu, memoryMib, false, what);
    }
}
