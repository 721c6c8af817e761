package org.strata.api.patch;

/** A target's verdict against a baseline. */
public enum ComplianceStatus {
    COMPLIANT,
    NON_COMPLIANT,
    /** Its software could not be read (no agent answering, a disk the tools cannot open): the reason says why. */
    UNKNOWN,
    /** The baseline is for another OS profile or family than the target's. */
    NOT_APPLICABLE
}
