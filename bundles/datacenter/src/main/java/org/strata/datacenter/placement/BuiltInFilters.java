package org.strata.datacenter.placement;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.strata.api.inventory.HostState;
import org.strata.datacenter.spi.Candidate;
import org.strata.datacenter.spi.PlacementFilter;
import org.strata.datacenter.spi.PlacementRequest;
import org.strata.repository.VolumeStore;

/** The filters Strata ships, in the order they run (cheapest and most telling first). */
final class BuiltInFilters {

    private BuiltInFilters() {}

    static List<PlacementFilter> all() {
        return all(Set.of(), false);
    }

    /**
     * With the hosts in power management's standby: refused, or, when {@code waking} (a new VM that no powered-on host
     * could take), the only ones let through, to be powered on for it.
     */
    static List<PlacementFilter> all(Set<String> standby, boolean waking) {
        return List.of(
                new Maintenance(),
                new Standby(standby, waking),
                new Reachable(standby),
                new Capability(),
                new Labels(),
                new Capacity());
    }

    /**
     * A host in standby (emptied and powered off by power management) gets no VM, unless no powered-on host can take
     * a new one: then placement may choose it, and it is powered on before the VM is defined there.
     */
    static final class Standby implements PlacementFilter {
        private final Set<String> standby;
        private final boolean waking;

        Standby(Set<String> standby, boolean waking) {
            this.standby = Set.copyOf(standby);
            this.waking = waking;
        }

        @Override
        public String name() {
            return "standby";
        }

        @Override
        public String refuse(Candidate host, PlacementRequest vm) {
            if (standby.contains(host.hostId())) {
                return waking
                        ? null
                        : "the host is in standby (powered off by power management); it is powered on for a new VM"
                                + " that no powered-on host can take";
            }
            return waking ? "the host is powered on: placement already found it could not take the VM" : null;
        }
    }

    /** A host entering or in maintenance gets no new VM. */
    static final class Maintenance implements PlacementFilter {
        @Override
        public String name() {
            return "maintenance";
        }

        @Override
        public String refuse(Candidate host, PlacementRequest vm) {
            return "none".equals(host.maintenance()) ? null : "the host is " + host.maintenance() + " maintenance";
        }
    }

    /**
     * Only a host the platform reaches now: not unreachable, not refusing its credentials, its driver running. A host
     * in standby is unreachable by design: the standby filter speaks for it.
     */
    static final class Reachable implements PlacementFilter {
        private final Set<String> standby;

        Reachable(Set<String> standby) {
            this.standby = Set.copyOf(standby);
        }

        @Override
        public String name() {
            return "host-state";
        }

        @Override
        public String refuse(Candidate host, PlacementRequest vm) {
            return host.state() == HostState.AVAILABLE || standby.contains(host.hostId())
                    ? null
                    : "the host is " + host.state();
        }
    }

    /** The host's driver can do what the VM needs (define it, receive it live). */
    static final class Capability implements PlacementFilter {
        @Override
        public String name() {
            return "capability";
        }

        @Override
        public String refuse(Candidate host, PlacementRequest vm) {
            if (host.capabilities().isEmpty()) {
                return "the host has not been contacted yet";
            }
            for (String needed : vm.capabilities()) {
                if (!host.capabilities().contains(needed)) {
                    return "the host cannot " + needed;
                }
            }
            return null;
        }
    }

    /** The host carries every label the VM asks for, with the same value. */
    static final class Labels implements PlacementFilter {
        @Override
        public String name() {
            return "labels";
        }

        @Override
        public String refuse(Candidate host, PlacementRequest vm) {
            for (Map.Entry<String, String> wanted : vm.labels().entrySet()) {
                String has = host.labels().get(wanted.getKey());
                if (!wanted.getValue().equals(has)) {
                    return "the host lacks label " + wanted.getKey() + "=" + wanted.getValue();
                }
            }
            return null;
        }
    }

    /**
     * The VM fits in what the host may still allocate (its CPUs and memory times its cluster's overcommit, less what
     * runs there), and, where the monitor measured the host, in the memory it has free now.
     */
    static final class Capacity implements PlacementFilter {
        @Override
        public String name() {
            return "capacity";
        }

        @Override
        public String refuse(Candidate host, PlacementRequest vm) {
            if (host.allocatedCpus() + vm.cpus() > host.cpuCapacity()) {
                return vm.cpus() + " vCPUs do not fit: " + host.allocatedCpus() + " of " + (long) host.cpuCapacity()
                        + " allocated";
            }
            if (host.allocatedMemoryMb() + vm.memoryMb() > host.memoryCapacityMb()) {
                return vm.memoryMb() + " MiB do not fit: " + host.allocatedMemoryMb() + " of "
                        + (long) host.memoryCapacityMb() + " MiB allocated";
            }
            if (host.measuredMemoryMb() >= 0 && host.measuredMemoryMb() + vm.memoryMb() > host.memoryMb()) {
                return vm.memoryMb() + " MiB do not fit in what the host has free now: " + host.measuredMemoryMb()
                        + " of " + host.memoryMb() + " MiB in use";
            }
            return null;
        }
    }

    /**
     * A VM goes only where its disks are seen: for each disk on a storage pool attached to clusters or hosts, the host
     * must be among those (a pool without attachments constrains nothing).
     */
    static final class SeesStorage implements PlacementFilter {
        private final Map<String, VolumeStore.Seen> seen;

        SeesStorage(Map<String, VolumeStore.Seen> seen) {
            this.seen = Map.copyOf(seen);
        }

        @Override
        public String name() {
            return "storage";
        }

        @Override
        public String refuse(Candidate host, PlacementRequest vm) {
            for (Map.Entry<String, VolumeStore.Seen> disk : seen.entrySet()) {
                if (!disk.getValue().sees(host.hostId(), host.clusterId())) {
                    return "the host does not see storage pool "
                            + disk.getValue().pool() + " of disk " + disk.getKey();
                }
            }
            return null;
        }
    }

    /** A running VM moves live to another host of its own host's driver only. */
    static final class SameDriverElsewhere implements PlacementFilter {
        private final String fromHostId;
        private final String driverId;

        SameDriverElsewhere(String fromHostId, String driverId) {
            this.fromHostId = fromHostId;
            this.driverId = driverId;
        }

        @Override
        public String name() {
            return "driver";
        }

        @Override
        public String refuse(Candidate host, PlacementRequest vm) {
            if (host.hostId().equals(fromHostId)) {
                return "it is the VM's own host";
            }
            return host.driverId().equals(driverId)
                    ? null
                    : "its driver is " + host.driverId() + ", the VM's host's is " + driverId;
        }
    }

    /** A refusal that holds for every host alike (the pool cannot give, the quota is reached), told per host. */
    static final class Everywhere implements PlacementFilter {
        private final String name;
        private final String why;

        Everywhere(String name, String why) {
            this.name = name;
            this.why = why;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String refuse(Candidate host, PlacementRequest vm) {
            return why;
        }
    }
}
