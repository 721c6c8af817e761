package org.strata.repository;

/**
 * What a BMC says of the machine it manages. The GUID identifies the machine; the other fields may be null.
 */
public record MachineIdentity(String guid, String manufacturer, String product, String firmwareRevision) {}
