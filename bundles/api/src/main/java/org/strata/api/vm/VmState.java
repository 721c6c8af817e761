package org.strata.api.vm;

/** Power state of a virtual machine. */
public enum VmState {
    RUNNING,
    STOPPED,
    PAUSED,
    SUSPENDED,
    CRASHED,
    UNKNOWN
}
