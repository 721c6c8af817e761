package org.strata.driver.demo;

import java.util.ArrayList;
import java.util.List;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.Reasons;
import org.strata.spi.hypervisor.HostFacts;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.VmInfo;

/** One libvirt connection. VMs are named by their libvirt UUID, which survives renames and restarts. */
final class DemoSession implements HypervisorSession {

    private final String driverId;
    private final Connect connect;

    DemoSession(String driverId, Connect connect) {
        this.driverId = driverId;
        this.connect = connect;
    }

    @Override
    public HostFacts facts() {
        return call("read host facts", () -> {
            NodeInfo node = connect.nodeInfo();
            return new HostFacts(connect.getHostName(), connect.getType(), versionString(connect.getVersion()),
                    node.model, node.cpus, node.memory * 1024L);
        });
    }

    @Override
    public List<VmInfo> listVms() {
        return call("list virtual machines", () -> {
            List<VmInfo> vms = new ArrayList<>();
            for (int id : connect.listDomains()) {
                vms.add(info(connect.domainLookupByID(id)));
            }
            for (String name : connect.listDefinedDomains()) {
                vms.add(info(connect.domainLookupByName(name)));
            }
            return vms;
        });
    }

    @Override
    public VmInfo vm(String vmId) {
        return call("read virtual machine " + vmId, () -> info(domain(vmId)));
    }

    @Override
    public void start(String vmId) {
        call("start " + vmId, () -> {
            Domain domain = domain(vmId);
            if (domain.isActive() == 1) {
                throw new DriverException(Fault.CONFLICT, "virtual machine " + vmId + " is already running");
            }
            domain.create();
            return null;
        });
    }

    @Override
    public void shutdown(String vmId) {
        call("shut down " + vmId, () -> {
            requireRunning(domain(vmId), vmId).shutdown();
            return null;
        });
    }

    @Override
    public void powerOff(String vmId) {
        call("power off " + vmId, () -> {
            requireRunning(domain(vmId), vmId).destroy();
            return null;
        });
    }

    @Override
    public void reset(String vmId) {
        call("reset " + vmId, () -> {
            requireRunning(domain(vmId), vmId).reset();
            return null;
        });
    }

    @Override
    public void close() {
        try {
            connect.close();
        } catch (LibvirtException e) {
            // Nothing to tell the caller: the connection is gone either way.
        }
    }

    private Domain requireRunning(Domain domain, String vmId) throws LibvirtException {
        if (domain.isActive() != 1) {
            throw new DriverException(Fault.CONFLICT, "virtual machine " + vmId + " is not running");
        }
        return domain;
    }

    private Domain domain(String vmId) throws LibvirtException {
        try {
            return connect.domainLookupByUUIDString(vmId);
        } catch (LibvirtException e) {
            if (e.getError() != null && e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN
                    || e.getError() != null && e.getError().getCode() == ErrorNumber.VIR_ERR_INVALID_ARG) {
                throw new DriverException(Fault.NOT_FOUND, "no virtual machine " + vmId + " on this host");
            }
            throw e;
        }
    }

    private static VmInfo info(Domain domain) throws LibvirtException {
        DomainInfo info = domain.getInfo();
        return new VmInfo(domain.getUUIDString(), domain.getName(), state(info.state), info.nrVirtCpu,
                info.maxMem * 1024L);
    }

    private static VmInfo.PowerState state(DomainInfo.DomainState state) {
        return switch (state) {
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED -> VmInfo.PowerState.RUNNING;
            case VIR_DOMAIN_PAUSED -> VmInfo.PowerState.PAUSED;
            case VIR_DOMAIN_SHUTDOWN, VIR_DOMAIN_SHUTOFF -> VmInfo.PowerState.STOPPED;
            case VIR_DOMAIN_CRASHED -> VmInfo.PowerState.CRASHED;
            case VIR_DOMAIN_PMSUSPENDED -> VmInfo.PowerState.SUSPENDED;
            default -> VmInfo.PowerState.UNKNOWN;
        };
    }

    private static String versionString(long version) {
        return (version / 1_000_000) + "." + (version / 1000 % 1000) + "." + (version % 1000);
    }

    private <T> T call(String what, LibvirtCall<T> call) {
        try {
            return call.run();
        } catch (LibvirtException e) {
            throw new DriverException(Fault.DRIVER_FAILURE, driverId + ": cannot " + what + ": " + Reasons.of(e), e);
        }
    }

    @FunctionalInterface
    private interface LibvirtCall<T> {
        T run() throws LibvirtException;
    }
}
