package org.strata.spi.hardware;

/**
 * What a BMC says of itself. The GUID identifies the machine: a BMC seen again at another address is the
 * same machine.
 *
 * @param manufacturer the manufacturer's name, or its IANA enterprise number when the driver knows no name
 * @param product      the product, as the BMC names it (or its product id)
 */
public record BmcIdentity(String guid, String manufacturer, String product, String firmwareRevision) {}
