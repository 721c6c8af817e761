package org.strata.api.vm;

/**
 * A graphical console: {@code type} "vnc" or "spice", listening on {@code listen} (127.0.0.1 by default)
 * at {@code port}, or 0 for a port chosen when the VM starts.
 */
public record VmGraphics(String type, String listen, int port) {}
