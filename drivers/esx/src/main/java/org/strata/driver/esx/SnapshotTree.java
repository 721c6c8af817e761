package org.strata.driver.esx;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.SnapshotInfo;
import org.strata.spi.hypervisor.VmInfo;
import org.strata.vsphere.vim.MoRef;
import org.strata.vsphere.vim.XmlNode;

/**
 * A VM's {@code snapshot} property ({@code VirtualMachineSnapshotInfo}) flattened: each snapshot with its managed
 * object and its parent's name, parents before children.
 *
 * <p>vSphere records no "with memory" flag: a snapshot's {@code state} is the VM's power state only when its memory
 * was kept, and {@code poweredOff} for a disk-only snapshot of a running VM (reverting to it leaves the VM off). So
 * a snapshot holds memory exactly when its state is {@code poweredOn} or {@code suspended}. vcsim 0.24 records the
 * VM's power state whatever {@code memory} said (fixed upstream in govmomi PR 3853, 2025).
 */
record SnapshotTree(List<Node> nodes) {

    record Node(MoRef ref, SnapshotInfo info) {}

    SnapshotTree {
        nodes = List.copyOf(nodes);
    }

    /** @param snapshot the VM's {@code snapshot} property, null when it has no snapshot */
    static SnapshotTree of(XmlNode snapshot) {
        List<Node> out = new ArrayList<>();
        if (snapshot != null) {
            MoRef current = snapshot.moRef("currentSnapshot");
            walk(snapshot.all("rootSnapshotList"), null, current, out);
        }
        return new SnapshotTree(out);
    }

    private static void walk(List<XmlNode> trees, String parent, MoRef current, List<Node> out) {
        for (XmlNode t : trees) {
            MoRef ref = t.moRef("snapshot");
            String state = t.text("state");
            VmInfo.PowerState power = switch (String.valueOf(state)) {
                case "poweredOn" -> VmInfo.PowerState.RUNNING;
                case "poweredOff" -> VmInfo.PowerState.STOPPED;
                case "suspended" -> VmInfo.PowerState.SUSPENDED;
                default -> VmInfo.PowerState.UNKNOWN;
            };
            String name = t.text("name");
            String description = t.text("description");
            out.add(new Node(
                    ref,
                    new SnapshotInfo(
                            name,
                            parent,
                            description == null || description.isEmpty() ? null : description,
                            instant(t.text("createTime")),
                            power,
                            power == VmInfo.PowerState.RUNNING || power == VmInfo.PowerState.SUSPENDED,
                            t.boolAt("quiesced"),
                            ref != null && ref.equals(current))));
            walk(t.all("childSnapshotList"), name, current, out);
        }
    }

    private static Instant instant(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null; // a server's odd time format costs the date, not the listing
        }
    }

    List<SnapshotInfo> infos() {
        return nodes.stream().map(Node::info).toList();
    }

    boolean has(String name) {
        return nodes.stream().anyMatch(n -> n.info().name().equals(name));
    }

    Node current() {
        return nodes.stream().filter(n -> n.info().current()).findFirst().orElse(null);
    }

    /**
     * The snapshot named so: NOT_FOUND when there is none, CONFLICT when ESX holds the name twice (made outside
     * Strata: ESX allows it), since which one is meant cannot be told.
     */
    Node named(String vmName, String name) {
        List<Node> found =
                nodes.stream().filter(n -> n.info().name().equals(name)).toList();
        if (found.isEmpty()) {
            throw new DriverException(Fault.NOT_FOUND, "VM " + vmName + " has no snapshot " + name);
        }
        if (found.size() > 1) {
            throw new DriverException(
                    Fault.CONFLICT,
                    "VM " + vmName + " has " + found.size() + " snapshots named " + name
                            + " (made outside Strata); rename them in vSphere first");
        }
        if (found.get(0).ref() == null) {
            throw new DriverException(
                    Fault.DRIVER_FAILURE, "the server did not say which object snapshot " + name + " is");
        }
        return found.get(0);
    }
}
