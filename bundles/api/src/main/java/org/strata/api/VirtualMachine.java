package org.strata.api;

/** A virtual machine on a host, as its hypervisor driver reports it. */
public record VirtualMachine(String id, String hostId, String name, VmState state, int cpus, long memoryMb) {
}
