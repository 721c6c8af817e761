package org.strata.libvirt.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.libvirt.Domain;
import org.libvirt.DomainSnapshot;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.SnapshotInfo;
import org.strata.spi.hypervisor.SnapshotSpec;
import org.strata.spi.hypervisor.VmInfo;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * VM snapshots as libvirt's <em>internal</em> snapshots: the disks' states live inside their qcow2 files, and a
 * running VM's memory with them (QEMU's savevm). Internal rather than external because libvirt 9.0 (Debian 12's) can
 * revert to and delete internal snapshots only; external ones it can take but neither revert nor delete, which
 * leaves no snapshot lifecycle at all. The price: every disk must be qcow2, and a running VM's snapshot always holds
 * its memory.
 *
 * <p>So "disks only" of a running VM is kept as a full checkpoint whose memory Strata never uses: a revert to it
 * leaves the VM stopped, with its disks as they were, as the SPI promises. Which snapshots are "disks only" and which
 * were quiesced is written in the domain's own metadata (Strata's namespace), because a snapshot's XML has no place
 * for it; a revert puts back the domain definition of the snapshot's time, so the metadata is restored after it.
 */
final class LibvirtSnapshots {

    static final String METADATA_URI = "https://strata.dev/xmlns/libvirt/snapshots/1";
    private static final String METADATA_KEY = "strata";
    private static final int METADATA_ELEMENT = 2; // VIR_DOMAIN_METADATA_ELEMENT
    private static final int AFFECT_LIVE = 1;
    private static final int AFFECT_CONFIG = 2;
    private static final int REVERT_PAUSED = 2; // VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED

    private final String driverId;

    LibvirtSnapshots(String driverId) {
        this.driverId = driverId;
    }

    List<SnapshotInfo> list(Domain domain) throws LibvirtException {
        Map<String, Marks> marks = readMarks(domain);
        String current = domain.hasCurrentSnapshot() == 1 ? name(domain.snapshotCurrent()) : null;
        List<SnapshotInfo> all = new ArrayList<>();
        for (String name : domain.snapshotListNames(Domain.SnapshotListFlags.TOPOLOGICAL)) {
            all.add(info(domain.snapshotLookupByName(name), marks, current));
        }
        return all;
    }

    SnapshotInfo create(Domain domain, String vmId, SnapshotSpec spec, GuestAgent agent) throws LibvirtException {
        if (spec.name().isBlank() || spec.name().contains("/")) {
            throw new DriverException(Fault.CONFLICT, driverId + ": '" + spec.name() + "' is not a snapshot name");
        }
        if (exists(domain, spec.name())) {
            throw new DriverException(
                    Fault.CONFLICT,
                    driverId + ": virtual machine " + vmId + " has a snapshot named '" + spec.name() + "' already");
        }
        boolean running = domain.isActive() == 1;
        Document xml = HardenedDom.newDocument("domainsnapshot");
        Element root = xml.getDocumentElement();
        HardenedDom.add(root, "name", spec.name());
        if (spec.description() != null) {
            HardenedDom.add(root, "description", spec.description());
        }
        // Only a running guest has file systems to freeze; its agent may not answer, which is not an error.
        boolean quiesced = running && spec.quiesce() && agent.freeze(domain);
        DomainSnapshot taken;
        try {
            taken = domain.snapshotCreateXML(HardenedDom.write(root), 0);
        } finally {
            if (quiesced) {
                agent.thaw(domain);
            }
        }
        boolean diskOnly = running && !spec.withMemory();
        if (diskOnly || quiesced) {
            Map<String, Marks> marks = readMarks(domain);
            marks.put(spec.name(), new Marks(diskOnly, quiesced));
            writeMarks(domain, marks);
        }
        return info(taken, readMarks(domain), spec.name());
    }

    void revert(Domain domain, String vmId, String name, Reverter reverter) throws LibvirtException {
        DomainSnapshot snapshot = lookup(domain, vmId, name);
        Map<String, Marks> marks = readMarks(domain);
        boolean diskOnly = marks.getOrDefault(name, Marks.NONE).diskOnly();
        if (diskOnly) {
            // Paused, so that a guest whose memory Strata was told not to keep never runs from it.
            reverter.revert(vmId, name, REVERT_PAUSED);
        } else {
            domain.revertToSnapshot(snapshot);
        }
        if (diskOnly && domain.isActive() == 1) {
            domain.destroy();
        }
        writeMarks(domain, marks);
    }

    void delete(Domain domain, String vmId, String name) throws LibvirtException {
        lookup(domain, vmId, name).delete(0);
        Map<String, Marks> marks = readMarks(domain);
        if (marks.remove(name) != null) {
            writeMarks(domain, marks);
        }
    }

    private DomainSnapshot lookup(Domain domain, String vmId, String name) throws LibvirtException {
        try {
            return domain.snapshotLookupByName(name);
        } catch (LibvirtException e) {
            if (LibvirtFaults.code(e) == ErrorNumber.VIR_ERR_NO_DOMAIN_SNAPSHOT) {
                throw new DriverException(
                        Fault.NOT_FOUND, driverId + ": virtual machine " + vmId + " has no snapshot '" + name + "'");
            }
            throw e;
        }
    }

    private static boolean exists(Domain domain, String name) throws LibvirtException {
        for (String existing : domain.snapshotListNames()) {
            if (existing.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static String name(DomainSnapshot snapshot) throws LibvirtException {
        return HardenedDom.text(HardenedDom.parse(snapshot.getXMLDesc()).getDocumentElement(), "name");
    }

    private static SnapshotInfo info(DomainSnapshot snapshot, Map<String, Marks> marks, String current)
            throws LibvirtException {
        Element root = HardenedDom.parse(snapshot.getXMLDesc()).getDocumentElement();
        String name = HardenedDom.text(root, "name");
        String created = HardenedDom.text(root, "creationTime");
        String state = HardenedDom.text(root, "state");
        Element memory = HardenedDom.child(root, "memory");
        Marks mark = marks.getOrDefault(name, Marks.NONE);
        boolean withMemory = !mark.diskOnly()
                && ("running".equals(state) || "paused".equals(state))
                && (memory == null || !"no".equals(memory.getAttribute("snapshot")));
        return new SnapshotInfo(
                name,
                HardenedDom.text(root, "parent", "name"),
                HardenedDom.text(root, "description"),
                created == null ? null : Instant.ofEpochSecond(Long.parseLong(created.trim())),
                powerState(state),
                withMemory,
                mark.quiesced(),
                name.equals(current));
    }

    private static VmInfo.PowerState powerState(String state) {
        if (state == null) {
            return VmInfo.PowerState.UNKNOWN;
        }
        return switch (state) {
            case "running", "blocked" -> VmInfo.PowerState.RUNNING;
            case "paused" -> VmInfo.PowerState.PAUSED;
            case "shutoff", "shutdown" -> VmInfo.PowerState.STOPPED;
            case "crashed" -> VmInfo.PowerState.CRASHED;
            case "pmsuspended" -> VmInfo.PowerState.SUSPENDED;
            default -> VmInfo.PowerState.UNKNOWN;
        };
    }

    private static Map<String, Marks> readMarks(Domain domain) throws LibvirtException {
        Map<String, Marks> marks = new LinkedHashMap<>();
        String xml;
        try {
            xml = domain.getMetadata(METADATA_ELEMENT, METADATA_URI, domain.isActive() == 1 ? AFFECT_LIVE : 0);
        } catch (LibvirtException e) {
            if (LibvirtFaults.code(e) == ErrorNumber.VIR_ERR_NO_DOMAIN_METADATA) {
                return marks;
            }
            throw e;
        }
        for (Element s : HardenedDom.children(HardenedDom.parse(xml).getDocumentElement(), "snapshot")) {
            marks.put(
                    s.getAttribute("name"),
                    new Marks("yes".equals(s.getAttribute("diskOnly")), "yes".equals(s.getAttribute("quiesced"))));
        }
        return marks;
    }

    private static void writeMarks(Domain domain, Map<String, Marks> marks) throws LibvirtException {
        Element root = HardenedDom.newDocument("snapshots").getDocumentElement();
        marks.forEach((name, mark) -> {
            Element s = HardenedDom.add(root, "snapshot");
            s.setAttribute("name", name);
            s.setAttribute("diskOnly", mark.diskOnly() ? "yes" : "no");
            s.setAttribute("quiesced", mark.quiesced() ? "yes" : "no");
        });
        int where = domain.isActive() == 1 ? AFFECT_LIVE | AFFECT_CONFIG : AFFECT_CONFIG;
        domain.setMetadata(METADATA_ELEMENT, HardenedDom.write(root), METADATA_KEY, METADATA_URI, where);
    }

    /** What Strata knows of a snapshot that libvirt does not keep. */
    private record Marks(boolean diskOnly, boolean quiesced) {
        static final Marks NONE = new Marks(false, false);
    }

    /** A revert with flags, which libvirt-java does not offer. */
    @FunctionalInterface
    interface Reverter {
        void revert(String vmId, String snapshot, int flags);
    }

    /** The guest agent's file-system freeze; answers false when no agent answers. */
    interface GuestAgent {
        boolean freeze(Domain domain);

        void thaw(Domain domain);
    }
}
