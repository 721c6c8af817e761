package org.strata.spi.hypervisor;

/** One NUMA node of a host: its id, how many CPUs and how much memory it holds. */
public record NumaCell(int id, int cpus, long memoryBytes) {}
