package org.strata.spi.hypervisor;

/**
 * CPU and memory allocation of a VM, as vSphere presents it; null means "not set" (hypervisor default).
 * libvirt drivers map shares to {@code <cputune><shares>}, the CPU limit to a quota over a 100 ms
 * period, the memory limit to {@code <memtune><hard_limit>} and the memory reservation to
 * {@code <memtune><soft_limit>}; a driver that has no equivalent for a field says so by
 * {@code UNSUPPORTED} rather than ignoring it.
 *
 * @param cpuShares            relative CPU weight against other VMs of the host (libvirt: 2..262144)
 * @param cpuLimitPercent      the most CPU time the VM may use, in percent of one host CPU per vCPU
 * @param cpuReservationPercent CPU time guaranteed to the VM, same unit
 * @param memoryLimitMib       the most memory the VM may use on the host
 * @param memoryReservationMib memory the host keeps for the VM under contention
 */
public record ResourceSettings(
        Integer cpuShares,
        Integer cpuLimitPercent,
        Integer cpuReservationPercent,
        Long memoryLimitMib,
        Long memoryReservationMib) {

    public static final ResourceSettings NONE = new ResourceSettings(null, null, null, null, null);

    public boolean isEmpty() {
        return equals(NONE);
    }
}
