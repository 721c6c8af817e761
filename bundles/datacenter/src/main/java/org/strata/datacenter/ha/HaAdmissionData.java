package org.strata.datacenter.ha;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.strata.api.inventory.Host;
import org.strata.api.vm.VirtualMachine;
import org.strata.datacenter.allocation.DatacenterView;

/** The figures admission control computes on, read from the datacenter view of one cluster. */
public final class HaAdmissionData {

    private HaAdmissionData() {}

    /** The cluster's hosts that have reported their size, with its overcommit applied. */
    public static List<HaAdmission.HostRoom> rooms(DatacenterView view, String clusterId) {
        return rooms(view.cluster(clusterId));
    }

    public static List<HaAdmission.HostRoom> rooms(DatacenterView.Root root) {
        List<HaAdmission.HostRoom> rooms = new ArrayList<>();
        for (Host h : root.hosts()) {
            if (h.info() != null) {
                rooms.add(new HaAdmission.HostRoom(
                        h.id(),
                        h.name(),
                        h.info().cpus() * root.cpuOvercommit(),
                        h.info().memoryMb() * root.memoryOvercommit()));
            }
        }
        return rooms;
    }

    /** The cluster's running VMs but {@code except}, each marked HA or not. */
    public static List<HaAdmission.Load> loads(
            DatacenterView view, String clusterId, Set<String> haVms, String except) {
        return loads(view.cluster(clusterId), haVms, except);
    }

    public static List<HaAdmission.Load> loads(DatacenterView.Root root, Set<String> haVms, String except) {
        List<HaAdmission.Load> loads = new ArrayList<>();
        for (VirtualMachine vm : root.vms()) {
            if (DatacenterView.allocated(vm) && !vm.id().equals(except)) {
                loads.add(
                        new HaAdmission.Load(vm.id(), vm.hostId(), vm.cpus(), vm.memoryMb(), haVms.contains(vm.id())));
            }
        }
        return loads;
    }
}
