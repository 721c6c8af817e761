package org.strata.spi.os;

/** One installable flavour of an operating system family. */
public record OsProfile(String id, String name, String release, String architecture) {}
