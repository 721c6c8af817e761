package org.strata.datacenter.placement;

import java.util.List;
import org.strata.datacenter.spi.Candidate;
import org.strata.datacenter.spi.PlacementRequest;
import org.strata.datacenter.spi.PlacementWeigher;

/**
 * The weighers Strata ships. Headroom is read from what the monitor measured where it has (a host whose VMs are idle
 * has room, however much is allocated on it), and from allocations where it has not; allocation is its own weigher
 * too, so that of two idle hosts the less committed one wins.
 */
final class BuiltInWeighers {

    private BuiltInWeighers() {}

    static List<PlacementWeigher> all() {
        return List.of(new CpuHeadroom(), new MemoryHeadroom(), new Allocation(), new VmCount());
    }

    /** CPU left: 1 - busy fraction measured, or 1 - allocated/capacity before the first measurement. */
    static final class CpuHeadroom implements PlacementWeigher {
        @Override
        public String name() {
            return "cpu-headroom";
        }

        @Override
        public double weigh(Candidate host, PlacementRequest vm) {
            if (host.measured()) {
                return 1.0 - host.measuredCpuPercent() / 100.0;
            }
            return host.cpuCapacity() <= 0 ? 0 : 1.0 - host.allocatedCpus() / host.cpuCapacity();
        }
    }

    /** Memory left: 1 - used/total measured, or 1 - allocated/capacity before the first measurement. */
    static final class MemoryHeadroom implements PlacementWeigher {
        @Override
        public String name() {
            return "memory-headroom";
        }

        @Override
        public double weigh(Candidate host, PlacementRequest vm) {
            if (host.measuredMemoryMb() >= 0 && host.memoryMb() > 0) {
                return 1.0 - (double) host.measuredMemoryMb() / host.memoryMb();
            }
            return host.memoryCapacityMb() <= 0 ? 0 : 1.0 - host.allocatedMemoryMb() / host.memoryCapacityMb();
        }
    }

    /**
     * Fewer VMs defined on the host, whatever their state: VMs created stopped hold no allocation yet, but will run
     * there, so that a batch of new VMs spreads (or packs) before any of them starts. Half the weight of the others.
     */
    static final class VmCount implements PlacementWeigher {
        @Override
        public String name() {
            return "vm-count";
        }

        @Override
        public double multiplier() {
            return 0.5;
        }

        @Override
        public double weigh(Candidate host, PlacementRequest vm) {
            return -host.vmIds().size();
        }
    }

    /** What is left to allocate, CPU and memory together (the scarcer of the two counts). */
    static final class Allocation implements PlacementWeigher {
        @Override
        public String name() {
            return "allocation";
        }

        @Override
        public double weigh(Candidate host, PlacementRequest vm) {
            double cpu = host.cpuCapacity() <= 0 ? 0 : 1.0 - host.allocatedCpus() / host.cpuCapacity();
            double memory = host.memoryCapacityMb() <= 0 ? 0 : 1.0 - host.allocatedMemoryMb() / host.memoryCapacityMb();
            return Math.min(cpu, memory);
        }
    }
}
