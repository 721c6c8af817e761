package org.strata.spi.hypervisor;

/**
 * The platform's side of a running migration: the driver reports progress to it and asks it whether
 * the operator cancelled. A driver calls both from the thread that runs the migration, or from one
 * watcher thread of its own, never concurrently.
 */
public interface MigrationMonitor {

    /** Progress from 0 to 100, with a short message ("copying memory, 512 MiB left"). */
    void progress(int percent, String message);

    /** Whether to abort; a driver that sees true aborts the migration and throws {@code CONFLICT}. */
    boolean cancelled();
}
