package org.strata.core.inventory;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.strata.spi.Capability;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverException;
import org.strata.spi.DriverKind;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.HostFacts;
import org.strata.spi.hypervisor.HypervisorDriver;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.VmInfo;

/**
 * A hand-written hypervisor for core's unit tests only: core may not depend on a concrete driver, so its
 * unit tests bring their own. The real drivers run against real peers in their own modules and in the
 * distribution's integration tests. "unreachable" addresses fail like a host that does not answer.
 */
final class InMemoryHypervisorForTests implements HypervisorDriver {

    final Map<String, VmInfo> vms = new ConcurrentHashMap<>();
    volatile Endpoint lastEndpoint;

    InMemoryHypervisorForTests() {
        vms.put("vm-1", new VmInfo("vm-1", "web", VmInfo.PowerState.STOPPED, 2, 1L << 30));
    }

    @Override
    public DriverDescriptor descriptor() {
        return new DriverDescriptor("memory", DriverKind.HYPERVISOR, "tests", "1", "in-memory",
                EnumSet.of(Capability.VM_POWER));
    }

    @Override
    public HypervisorSession open(Endpoint endpoint) {
        lastEndpoint = endpoint;
        if (endpoint.address().contains("unreachable")) {
            throw new DriverException(Fault.UNREACHABLE, "host " + endpoint.address() + " did not answer");
        }
        return new HypervisorSession() {
            @Override
            public HostFacts facts() {
                return new HostFacts("mem", "memory", "1.0.0", "cpu", 4, 8L << 30);
            }

            @Override
            public List<VmInfo> listVms() {
                return List.copyOf(vms.values());
            }

            @Override
            public VmInfo vm(String vmId) {
                VmInfo vm = vms.get(vmId);
                if (vm == null) {
                    throw new DriverException(Fault.NOT_FOUND, "no vm " + vmId);
                }
                return vm;
            }

            @Override
            public void start(String vmId) {
                VmInfo vm = vm(vmId);
                vms.put(vmId, new VmInfo(vmId, vm.name(), VmInfo.PowerState.RUNNING, vm.vcpus(), vm.memoryBytes()));
            }

            @Override
            public void close() {
            }
        };
    }
}
