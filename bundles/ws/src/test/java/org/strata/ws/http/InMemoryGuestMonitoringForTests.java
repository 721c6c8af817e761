package org.strata.ws.http;

import java.time.Instant;
import java.util.List;
import org.strata.api.monitor.GuestMonitoring;
import org.strata.api.monitor.GuestSample;
import org.strata.api.vm.VmService;
import org.strata.api.vm.VmState;

/**
 * A hand-written stand-in for core's guest sampler (the web services are tested without core): vm-1's guest answered
 * with 192.168.122.15 and a root file system 93 % full; every other VM is not sampled and says why; an unknown VM is
 * NOT_FOUND as the VM service says.
 */
final class InMemoryGuestMonitoringForTests implements GuestMonitoring {

    static final Instant AT = Instant.parse("2024-05-01T10:02:00Z");

    private final VmService vms;

    InMemoryGuestMonitoringForTests(VmService vms) {
        this.vms = vms;
    }

    @Override
    public GuestSample sample(String vmId) {
        if (vms.vm(vmId).state() != VmState.RUNNING || !"vm-1".equals(vmId)) {
            return GuestSample.none(vmId, "the VM is " + vms.vm(vmId).state() + ": only running VMs' agents are asked");
        }
        return new GuestSample(
                vmId,
                AT,
                true,
                null,
                AT,
                0,
                "Debian GNU/Linux 12 (bookworm)",
                "6.1.0-28-amd64",
                "web",
                List.of("192.168.122.15", "fe80::5054:ff:fe12:3456"),
                List.of(new GuestSample.GuestFileSystem(
                        "/",
                        "ext4",
                        10_000_000_000L,
                        9_300_000_000L,
                        93.0,
                        true,
                        List.of(new GuestSample.Use(AT.minusSeconds(60), 89.5), new GuestSample.Use(AT, 93.0)))));
    }

    @Override
    public List<String> vmsWithAddress(String address) {
        return "192.168.122.15".equals(address) ? List.of("vm-1", "vm-gone") : List.of();
    }
}
