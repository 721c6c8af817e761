package org.strata.engine;

/**
 * Which workers run a task. Each lane has workers of its own, so a lane full of slow work never delays another.
 * Per-target order holds across lanes: an urgent task on a VM still waits for the task already running on it.
 */
public enum Lane {
    /** Work that protects availability and must not wait: fencing, HA restarts. Keep it short. */
    URGENT,
    /** What an operator or integrator asks for and waits on: define, start, attach, a power action. */
    NORMAL,
    /**
     * Work that waits long on the outside world: graceful shutdowns up to their time-out, migrations, imports,
     * discovery sweeps, firmware updates.
     */
    LONG
}
