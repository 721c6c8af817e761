package org.strata.engine;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A bare-metal machine's power as its BMC reads it, and fencing through it: what HA needs of the hardware layer.
 * Machines are named by their host id (the {@code bmcHostId} of the hypervisor host they power).
 */
@ProviderType
public interface Fencing {

    /** What a BMC said of its chassis. */
    enum Power {
        ON,
        OFF,
        /** The BMC did not answer (or its driver is not running): nothing is known of the machine. */
        UNANSWERED
    }

    /** The chassis power as the BMC reads it now. Never throws. */
    Power read(String machineId);

    /**
     * What a fence achieved.
     *
     * @param fenced   whether the BMC reads the machine off: only then is it fenced
     * @param attempts power-off requests sent
     * @param detail   what happened, in words ("already off", "off after 2 requests", "the BMC does not answer")
     */
    record Outcome(boolean fenced, Power last, int attempts, String detail) {}

    /**
     * Powers the machine off and reads its power back until the BMC reads it off, up to {@code attempts} power-off
     * requests. A machine already off is fenced at once; a BMC that refuses to power off a machine that is off (some
     * answer with an error) is fenced when it then reads off. Never throws; cancelled through the context.
     */
    Outcome fence(String machineId, int attempts, TaskContext context) throws InterruptedException;
}
