package org.strata.api.ha;

/** In which order a failed host's HA VMs restart elsewhere: all HIGH ones before any MEDIUM one, and so on. */
public enum HaPriority {
    HIGH,
    MEDIUM,
    LOW
}
