package org.strata.api.vm;

/**
 * CPU and memory allocation of a VM, as in vSphere; a null field is not set (hypervisor default).
 *
 * @param cpuShares             relative weight against the host's other VMs (2..262144)
 * @param cpuLimitPercent       the most CPU the VM may use, percent of one host CPU per vCPU
 * @param cpuReservationPercent CPU guaranteed to the VM, same unit (not every hypervisor has it)
 * @param memoryLimitMb         the most host memory the VM may use
 * @param memoryReservationMb   host memory kept for the VM under contention
 */
public record VmResources(
        Integer cpuShares,
        Integer cpuLimitPercent,
        Integer cpuReservationPercent,
        Long memoryLimitMb,
        Long memoryReservationMb) {}
