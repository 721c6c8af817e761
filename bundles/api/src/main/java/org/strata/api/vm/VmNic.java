package org.strata.api.vm;

/**
 * A network interface of a VM.
 *
 * @param attachment "network" (a hypervisor-managed network, default), "bridge" or "user"
 * @param source     the network or bridge name
 * @param mac        the MAC address, or null to let the hypervisor choose; detach by it
 * @param model      "virtio" (default), "e1000", "rtl8139", "vmxnet3", "e1000e" (ESX; virtio is vmxnet3 there)
 */
public record VmNic(String attachment, String source, String mac, String model) {}
