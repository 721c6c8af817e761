package org.strata.spi.hypervisor;

/**
 * How to reach a VM's console.
 *
 * @param type    "vnc", "spice", "serial"
 * @param address host:port for graphical consoles, the character device path (a pty) for a serial one;
 *                null while the VM is off and the hypervisor has not assigned one
 */
public record ConsoleInfo(String type, String address) {}
