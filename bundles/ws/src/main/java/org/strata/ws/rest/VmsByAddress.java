package org.strata.ws.rest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.strata.api.ErrorCode;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.datacenter.TenantScope;
import org.strata.api.monitor.GuestMonitoring;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmService;

/** The VMs whose guest reports an IP address, as REST's and SOAP's VM lists filter them. */
public final class VmsByAddress {

    private VmsByAddress() {}

    /**
     * The VMs whose guest agent reported the address at the guest sampler's last round, on the host when one is named,
     * as the caller sees them, ordered by name then id. Few VMs share an address, so the page is cut here rather than
     * by the repository.
     */
    public static Page<VirtualMachine> find(
            GuestMonitoring guests, VmService vms, String address, String hostId, TenantScope scope, PageRequest page) {
        if (scope.scoped() && hostId != null) {
            scope.requirePlatform(); // hosts are infrastructure
        }
        List<VirtualMachine> found = new ArrayList<>();
        for (String id : guests.vmsWithAddress(address)) {
            VirtualMachine vm;
            try {
                vm = vms.vm(id);
            } catch (StrataException e) {
                if (e.code() == ErrorCode.NOT_FOUND) {
                    continue; // deleted since the round
                }
                throw e;
            }
            if ((hostId == null || hostId.equals(vm.hostId())) && (!scope.scoped() || scope.seesVm(vm))) {
                found.add(vm);
            }
        }
        found.sort(Comparator.comparing(VirtualMachine::name).thenComparing(VirtualMachine::id));
        int from = Math.min(page.offset(), found.size());
        int to = Math.min(found.size(), from + page.limit());
        return new Page<>(found.subList(from, to), page.offset(), page.limit(), found.size());
    }
}
