package org.strata.ipmi.lan;

/** An IPMI response: its completion code (0 is success) and the data after it. */
public record IpmiResponse(int completionCode, byte[] data) {}
