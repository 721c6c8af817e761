package org.strata.api;

/** Power state of a virtual machine. */
public enum VmState {
    RUNNING, STOPPED, PAUSED, SUSPENDED, CRASHED, UNKNOWN
}
