package org.strata.api.vm;

/** A VM console: {@code type} "vnc", "spice" or "serial"; {@code address} host:port or a pty path, null while off. */
public record Console(String type, String address) {}
