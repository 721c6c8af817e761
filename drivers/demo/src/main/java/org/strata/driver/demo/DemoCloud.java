package org.strata.driver.demo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.NicSpec;
import org.strata.spi.hypervisor.VmEvent;
import org.strata.spi.hypervisor.VmInfo;
import org.strata.spi.hypervisor.VmSpec;

/**
 * Every demo hypervisor host of one driver instance and their VMs, in memory. One state for all hosts is what lets a
 * VM move from one demo host to another (a migration is a move between two maps, under one lock). It lives as long as
 * the driver does: a restart of Strata or of the demo bundle starts the hosts afresh (the reconcile then tells the
 * inventory which VMs are gone).
 *
 * <p>All state is guarded by this object's monitor. Lifecycle events are handed to the listeners on one event thread
 * of the driver, after the change, never under the lock, as a real hypervisor's event loop would.
 */
final class DemoCloud implements AutoCloseable {

    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "strata-demo-events");
        t.setDaemon(true);
        return t;
    });

    /** The host at that address, made on first use with the VMs its address names. */
    synchronized Host host(DemoAddress address) {
        return hosts.computeIfAbsent(address.key(), key -> {
            Host host = new Host(key);
            for (String name : address.firstVms()) {
                String uuid = key.equals(DemoAddress.LEGACY_DEFAULT) && name.equals("test")
                        ? DemoAddress.LEGACY_VM_UUID
                        : UUID.nameUUIDFromBytes((key + "/" + name).getBytes(StandardCharsets.UTF_8))
                                .toString();
                host.vms.put(
                        uuid,
                        new Vm(
                                VmSpec.of(name, 1, 512)
                                        .withUuid(uuid)
                                        .withDisks(List.of(
                                                DiskSpec.disk("/var/lib/strata-demo/" + name + ".qcow2", "qcow2")
                                                        .withTarget("vda")))
                                        .withNics(List.of(
                                                NicSpec.network("default").withMac(mac(uuid, 0)))),
                                VmInfo.PowerState.RUNNING));
            }
            return host;
        });
    }

    /** Whether a host other than {@code here} runs a VM with that UUID. Call it with the lock held. */
    boolean runsElsewhere(String uuid, Host here) {
        return hosts.values().stream()
                .filter(h -> h != here)
                .map(h -> h.vms.get(uuid))
                .anyMatch(vm -> vm != null && vm.state == VmInfo.PowerState.RUNNING);
    }

    /** Tells the host's listeners, on the event thread. Call it after the change, outside the lock. */
    void emit(Host host, String vmId, String name, VmEvent.Type type, String detail) {
        VmEvent event = new VmEvent(vmId, name, type, detail);
        List<Consumer<VmEvent>> listeners = new ArrayList<>(host.listeners);
        if (listeners.isEmpty()) {
            return;
        }
        try {
            events.execute(() -> listeners.forEach(l -> {
                try {
                    l.accept(event);
                } catch (RuntimeException e) {
                    // A listener's failure is its own; the others still hear of the change.
                }
            }));
        } catch (RejectedExecutionException e) {
            // The driver is stopping: nobody is left to tell.
        }
    }

    /** A locally administered MAC derived from the VM and the slot, so that it is stable and unique enough. */
    static String mac(String uuid, int slot) {
        int h = (uuid + "/" + slot).hashCode();
        return String.format("52:54:00:%02x:%02x:%02x", (h >> 16) & 0xff, (h >> 8) & 0xff, h & 0xff);
    }

    @Override
    public void close() {
        events.shutdownNow();
    }

    /**
     * One demo hypervisor host. Its CPU counters are made up but behave as a real host's do: they only grow, the
     * total at the rate of its CPUs, the busy time with the share its running VMs take (accrued when read).
     */
    static final class Host {
        final String key;
        final Map<String, Vm> vms = new LinkedHashMap<>();
        final List<Consumer<VmEvent>> listeners = new CopyOnWriteArrayList<>();
        final long born = System.nanoTime();
        long busyNanos;
        long accruedTo = born;

        Host(String key) {
            this.key = key;
        }

        /** Adds the busy time since the last read: 2 % of the host for itself, and each running VM's load. */
        void accrue(long now, int cpus) {
            double share = 0.02 * cpus;
            for (Vm vm : vms.values()) {
                if (vm.state == VmInfo.PowerState.RUNNING) {
                    share += vm.load() * vm.spec.cpus();
                }
            }
            busyNanos += (long) ((now - accruedTo) * Math.min(share, cpus));
            accruedTo = now;
        }
    }

    /**
     * One VM: its definition and power state, replaced whole under the cloud's lock. Its counters are made up from the
     * time it has run since it started (frozen while paused, zero once stopped), at a load of its own.
     */
    static final class Vm {
        VmSpec spec;
        VmInfo.PowerState state;
        /** Its snapshots, parents before children, and the one it runs on top of (null for none). */
        final List<Snapshot> snapshots = new java.util.ArrayList<>();

        String currentSnapshot;
        /** Nanoseconds it ran before {@link #runningSince}; and since when it runs, or -1. */
        long ranNanos;

        long runningSince = -1;

        /** When it last started from stopped (its guest's boot, when its user logged in); null while stopped. */
        java.time.Instant bootedAt;

        Vm(VmSpec spec, VmInfo.PowerState state) {
            this.spec = spec;
            this.state = state;
            if (state == VmInfo.PowerState.RUNNING) {
                runningSince = System.nanoTime();
                bootedAt = java.time.Instant.now();
            }
        }

        /** Sets the power state, keeping the counters' clock: running adds up, paused freezes, stopped resets. */
        void setState(VmInfo.PowerState next) {
            long now = System.nanoTime();
            if (runningSince >= 0) {
                ranNanos += now - runningSince;
                runningSince = -1;
            }
            if (next == VmInfo.PowerState.RUNNING) {
                runningSince = now;
                if (ranNanos == 0) {
                    bootedAt = java.time.Instant.now();
                }
            } else if (next != VmInfo.PowerState.PAUSED && next != VmInfo.PowerState.SUSPENDED) {
                ranNanos = 0;
                bootedAt = null;
            }
            state = next;
        }

        long ran(long now) {
            return ranNanos + (runningSince >= 0 ? now - runningSince : 0);
        }

        /** The share of each of its vCPUs it keeps busy: 5 to 35 %, steady per VM. */
        double load() {
            return 0.05 + Math.floorMod(spec.uuid().hashCode(), 31) / 100.0;
        }

        VmInfo info() {
            return new VmInfo(spec.uuid(), spec.name(), state, spec.cpus(), spec.memoryMb() << 20);
        }
    }

    /** A demo snapshot: the definition and power state it keeps (a demo VM has no disks or memory to copy). */
    record Snapshot(
            String name,
            String parent,
            String description,
            java.time.Instant created,
            VmSpec spec,
            VmInfo.PowerState state,
            boolean withMemory) {

        Snapshot withParent(String newParent) {
            return new Snapshot(name, newParent, description, created, spec, state, withMemory);
        }
    }
}
