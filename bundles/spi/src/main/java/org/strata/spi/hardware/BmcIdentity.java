package org.strata.spi.hardware;

/** What a BMC says of itself. */
public record BmcIdentity(String guid, String manufacturer, String product, String firmwareRevision) {
}
