package org.strata.ws.soap;

/**
 * One SOAP service: the address it answers at, relative to CXF's servlet ({@code /soap/vms}), and the object that
 * implements it (a {@code @WebService} class).
 */
public record SoapService(String address, Object implementor) {}
