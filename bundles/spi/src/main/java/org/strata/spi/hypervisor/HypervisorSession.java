package org.strata.spi.hypervisor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ConsumerType;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;

/**
 * A connection to one hypervisor host. Virtual machines are named by the hypervisor's own stable id
 * (a UUID for libvirt and ESX). Methods throw {@link DriverException} only.
 *
 * <p>The platform keeps a session open for as long as it manages the host and calls it from several
 * threads at once, so an implementation must be thread-safe. When the connection breaks, throw
 * {@code UNREACHABLE}: the platform then closes the session and opens a new one, with backoff.
 *
 * <p>Optional operations have defaults that answer {@code UNSUPPORTED}; a driver that overrides one
 * also lists the matching capability in its descriptor (named on each method).
 */
@ConsumerType
public interface HypervisorSession extends AutoCloseable {

    /** What the host is: name, hypervisor, CPUs, memory, NUMA topology. */
    HostFacts facts();

    /** Every virtual machine the host knows, running or not. */
    List<VmInfo> listVms();

    /**
     * Whether the host still answers (since 2.2), asked by HA every second or so of every host of an HA cluster: the
     * cheapest round trip the driver has (libvirt: {@code virConnectGetLibVersion} on a connection libvirt holds open),
     * or a connection that watches itself where that can be trusted. The default asks the host for its VM list. Never
     * throws: a broken connection is {@code false}. It may block as long as a call can when the network to the host
     * vanished silently: the platform bounds its wait.
     */
    default boolean alive() {
        try {
            listVms();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** One virtual machine; {@code NOT_FOUND} when the host has none with that id. */
    VmInfo vm(String vmId);

    // ---- lifecycle

    /** Powers a VM on ({@code VM_POWER}). {@code CONFLICT} when it already runs. */
    default void start(String vmId) {
        throw DriverException.unsupported("start");
    }

    /** Asks the guest to shut down ({@code VM_POWER}); returns once asked, not once off. */
    default void shutdown(String vmId) {
        throw DriverException.unsupported("shutdown");
    }

    /** Cuts power at once ({@code VM_POWER}). */
    default void powerOff(String vmId) {
        throw DriverException.unsupported("power off");
    }

    /** Asks the guest to restart ({@code VM_POWER}). */
    default void reboot(String vmId) {
        throw DriverException.unsupported("reboot");
    }

    /**
     * Restarts a running VM at once, without asking the guest: a press of its reset button ({@code VM_POWER},
     * since 1.2). {@code CONFLICT} when it does not run.
     */
    default void reset(String vmId) {
        throw DriverException.unsupported("reset");
    }

    /**
     * Pauses a running VM ({@code VM_SUSPEND}): in memory where the hypervisor can (libvirt; the VM then reads
     * {@code PAUSED}), or to disk where that is its only way (ESX; the VM then reads {@code SUSPENDED}).
     */
    default void suspend(String vmId) {
        throw DriverException.unsupported("suspend");
    }

    /** Lets a paused or suspended VM run again ({@code VM_SUSPEND}). */
    default void resume(String vmId) {
        throw DriverException.unsupported("resume");
    }

    // ---- definition

    /**
     * Makes a VM known to the host, stopped ({@code VM_DEFINE}). {@code CONFLICT} when the name or UUID is
     * taken; {@code UNSUPPORTED} when the spec asks for something this host cannot give (a PV guest on KVM).
     *
     * @return the new VM as the host reports it
     */
    default VmInfo define(VmSpec spec) {
        throw DriverException.unsupported("define");
    }

    /**
     * Replaces a stopped VM's definition ({@code VM_DEFINE}); {@code CONFLICT} while it runs. The UUID and
     * name of {@code spec} must match the VM's.
     */
    default VmInfo redefine(String vmId, VmSpec spec) {
        throw DriverException.unsupported("redefine");
    }

    /** Removes a stopped VM from the host; its disk images stay ({@code VM_DEFINE}). */
    default void undefine(String vmId) {
        throw DriverException.unsupported("undefine");
    }

    /** A VM's definition, read back from the hypervisor, in neutral terms ({@code VM_DEFINE}). */
    default VmSpec describe(String vmId) {
        throw DriverException.unsupported("describe");
    }

    // ---- devices

    /**
     * Adds a disk to the VM's definition and, when it runs, to the running VM ({@code DEVICE_HOTPLUG}
     * for a running VM, {@code VM_DEFINE} for a stopped one). When the hypervisor refuses, nothing changed.
     *
     * @return the disk as attached, with the target the driver chose
     */
    default DiskSpec attachDisk(String vmId, DiskSpec disk) {
        throw DriverException.unsupported("attaching disks");
    }

    /** Removes the disk with that target ("vdb"); {@code NOT_FOUND} when there is none. */
    default void detachDisk(String vmId, String target) {
        throw DriverException.unsupported("detaching disks");
    }

    /** Adds a network interface, like {@link #attachDisk}; returns it with the MAC the host chose. */
    default NicSpec attachNic(String vmId, NicSpec nic) {
        throw DriverException.unsupported("attaching network interfaces");
    }

    /** Removes the interface with that MAC address. */
    default void detachNic(String vmId, String mac) {
        throw DriverException.unsupported("detaching network interfaces");
    }

    /** Console endpoints of a VM ({@code CONSOLE}). */
    default List<ConsoleInfo> consoles(String vmId) {
        throw DriverException.unsupported("consoles");
    }

    // ---- resources and monitoring

    /**
     * Applies CPU and memory shares, limits and reservations, to the running VM and to its definition
     * ({@code RESOURCE_SETTINGS}). Null fields are left as they are.
     */
    default void applyResources(String vmId, ResourceSettings settings) {
        throw DriverException.unsupported("resource settings");
    }

    /** The counters of one VM now ({@code VM_STATISTICS}); a stopped VM reports zeros. */
    default VmStats vmStats(String vmId) {
        throw DriverException.unsupported("VM statistics");
    }

    /**
     * The counters of every running VM now, keyed by VM id ({@code VM_STATISTICS}): the platform's monitor asks
     * this once per host and round. Override it where the technology reads them all in one call (libvirt's
     * {@code virConnectGetAllDomainStats}, as oVirt's VDSM does); the default asks {@link #vmStats} of each running
     * VM that {@link #listVms} reports and leaves out one that is gone in between. Since SPI 2.0.
     */
    default Map<String, VmStats> runningVmStats() {
        Map<String, VmStats> all = new LinkedHashMap<>();
        for (VmInfo vm : listVms()) {
            if (vm.state() != VmInfo.PowerState.RUNNING) {
                continue;
            }
            try {
                all.put(vm.id(), vmStats(vm.id()));
            } catch (DriverException e) {
                if (e.fault() != Fault.NOT_FOUND) {
                    throw e;
                }
            }
        }
        return all;
    }

    /**
     * What the VM's guest agent says now (since 2.3): the guest's OS, host name and network interfaces, asked of the
     * agent through the hypervisor (QEMU's guest agent through libvirt) with a short timeout, a few seconds. A VM
     * whose agent does not answer (not installed, not started yet, not configured in its definition, too slow) is
     * not an error: {@link GuestInfo#noAgent} with the hypervisor's reason; a VM that does not run likewise.
     * {@code NOT_FOUND} when the host has no such VM; {@code UNREACHABLE} when the host does not answer. The default
     * answers {@code UNSUPPORTED}: a driver whose hypervisor has no way to a guest agent keeps it.
     */
    default GuestInfo guestInfo(String vmId) {
        throw DriverException.unsupported("guest agent queries");
    }

    /**
     * Runs a program in the running VM's guest through its agent and waits for it to end (since 2.4,
     * {@code GUEST_EXEC}): how Strata reads a guest's installed software and patches it (the OS family driver names
     * the programs). A program that exits non-zero is a result, not a failure. Failures: {@code NOT_FOUND} when the
     * host has no such VM; {@code CONFLICT} when the VM does not run or its agent does not answer (with the
     * hypervisor's reason); {@code DRIVER_FAILURE} when the agent refuses the program (it does not exist, or the
     * agent forbids running programs) or it has not ended within the command's timeout (it is killed when the agent
     * can). The calling thread waits; an interrupted caller gets {@code DRIVER_FAILURE} and the program is killed when
     * the agent can. The default answers {@code UNSUPPORTED}.
     */
    default GuestCommandResult guestExec(String vmId, GuestCommand command) {
        throw DriverException.unsupported("running programs in guests");
    }

    /** The host's counters now ({@code HOST_STATISTICS}). */
    default HostStats hostStats() {
        throw DriverException.unsupported("host statistics");
    }

    /**
     * Tells {@code listener} about every VM lifecycle change on the host until the returned handle is
     * closed ({@code VM_EVENTS}). The listener is called from the driver's event thread: it must return
     * quickly. Closing the session ends the subscription too.
     */
    default AutoCloseable watch(Consumer<VmEvent> listener) {
        throw DriverException.unsupported("lifecycle events");
    }

    // ---- snapshots and clones (since 2.1)

    /** The VM's snapshots, parents before their children ({@code VM_SNAPSHOT}); empty when it has none. */
    default List<SnapshotInfo> snapshots(String vmId) {
        throw DriverException.unsupported("snapshots");
    }

    /**
     * Takes a snapshot of the VM, running or not ({@code VM_SNAPSHOT}); it becomes the current one. {@code CONFLICT}
     * when the name is taken or the VM's disks cannot hold snapshots (a raw image on libvirt).
     */
    default SnapshotInfo createSnapshot(String vmId, SnapshotSpec spec) {
        throw DriverException.unsupported("snapshots");
    }

    /**
     * Puts the VM back as it was when the snapshot was taken ({@code VM_SNAPSHOT}): its disks, and with a memory
     * snapshot its running state; after a disk-only snapshot the VM is left stopped. The snapshot becomes the current
     * one and stays. {@code NOT_FOUND} when the VM has no such snapshot.
     */
    default void revertToSnapshot(String vmId, String snapshot) {
        throw DriverException.unsupported("snapshots");
    }

    /**
     * Deletes one snapshot and keeps its data where later states need it ({@code VM_SNAPSHOT}): its children become
     * children of its parent; the VM's current state is unchanged. {@code NOT_FOUND} when there is no such snapshot.
     */
    default void deleteSnapshot(String vmId, String snapshot) {
        throw DriverException.unsupported("snapshots");
    }

    /**
     * Clones a stopped or running VM with the hypervisor's own disk copy ({@code VM_CLONE}); the clone is left
     * stopped, with new MAC addresses. {@code CONFLICT} when the name is taken.
     *
     * @return the new VM as the host reports it
     */
    default VmInfo cloneVm(String vmId, CloneSpec spec) {
        throw DriverException.unsupported("cloning");
    }

    // ---- migration

    /**
     * Moves a running VM, live, to another host of the same driver ({@code LIVE_MIGRATION}); blocks until
     * it is done. The VM keeps its id. Reports progress to {@code monitor} and aborts when it says so.
     *
     * @param destination how to reach the destination host (the same syntax as this session's endpoint)
     * @return the VM as the destination host reports it
     */
    default VmInfo migrate(String vmId, Endpoint destination, MigrationMonitor monitor) {
        throw DriverException.unsupported("live migration");
    }

    /** Releases the connection; must not throw. */
    @Override
    void close();
}
