package org.strata.driver.kvm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.libvirt.Connect;
import org.strata.libvirt.support.EventLoop;
import org.strata.spi.Capability;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.SnapshotInfo;
import org.strata.spi.hypervisor.SnapshotSpec;
import org.strata.spi.hypervisor.VmInfo;
import org.strata.spi.hypervisor.VmSpec;

/**
 * VM snapshots on a real libvirtd and QEMU (TCG), with a qcow2 disk: the snapshot tree as libvirt keeps it, what a
 * revert does to the VM's power state with and without memory, and a delete that re-parents. The witnesses are a
 * second libvirt connection (as virsh) and {@code qemu-img snapshot -l} on the disk file. Runs when
 * STRATA_TEST_LIBVIRT_URI names a libvirtd, like {@link KvmEndToEndTest}.
 */
public class KvmSnapshotEndToEndTest {

    private final String uri = System.getenv("STRATA_TEST_LIBVIRT_URI");
    private EventLoop eventLoop;
    private HypervisorSession session;
    private Connect virsh;
    private String vmId;
    private Path dir;

    @Before
    public void connect() throws Exception {
        Assume.assumeTrue(
                "set STRATA_TEST_LIBVIRT_URI (e.g. qemu:///system) to run against a real libvirtd",
                uri != null && !uri.isBlank());
        eventLoop = new EventLoop();
        session = new KvmDriver(eventLoop).open(Endpoint.of(uri));
        virsh = new Connect(uri);
    }

    @After
    public void cleanUp() throws Exception {
        if (session != null && vmId != null) {
            try {
                if (session.vm(vmId).state() != VmInfo.PowerState.STOPPED) {
                    session.powerOff(vmId);
                }
                for (SnapshotInfo s : session.snapshots(vmId)) {
                    session.deleteSnapshot(vmId, s.name());
                }
                session.undefine(vmId);
            } catch (RuntimeException e) {
                // already gone: the test removed it
            }
        }
        if (virsh != null) {
            virsh.close();
        }
        if (session != null) {
            session.close();
        }
        if (eventLoop != null) {
            eventLoop.close();
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    public void snapshotTreeRevertsWithAndWithoutMemoryAndDeletesByReparenting() throws Exception {
        assertFalse(
                "the KVM host takes snapshots", session.facts().unavailable().contains(Capability.VM_SNAPSHOT));
        Path disk = qcow2Disk();
        String name = "strata-snap-" + UUID.randomUUID().toString().substring(0, 8);
        vmId = session.define(VmSpec.of(name, 1, 64).withDisks(List.of(DiskSpec.disk(disk.toString(), "qcow2"))))
                .id();

        SnapshotInfo off = session.createSnapshot(vmId, new SnapshotSpec("off", "before the first boot", true, true));
        assertEquals(VmInfo.PowerState.STOPPED, off.state());
        assertFalse("a stopped VM has no memory to keep", off.withMemory());
        assertFalse("nothing runs to quiesce", off.quiesced());
        assertTrue(off.current());

        session.start(vmId);
        SnapshotInfo live = session.createSnapshot(vmId, new SnapshotSpec("live", null, true, true));
        assertTrue(live.withMemory());
        assertFalse("this guest has no agent: taken unquiesced, and said so", live.quiesced());
        SnapshotInfo disks = session.createSnapshot(vmId, new SnapshotSpec("disks", "disks only", false, false));
        assertFalse(disks.withMemory());
        assertEquals("live", disks.parent());

        Map<String, SnapshotInfo> tree = byName(session.snapshots(vmId));
        assertEquals(List.of("off", "live", "disks"), List.copyOf(tree.keySet()));
        assertNull(tree.get("off").parent());
        assertEquals("off", tree.get("live").parent());
        assertTrue("the last one taken is current", tree.get("disks").current());
        assertEquals("before the first boot", tree.get("off").description());
        assertTrue(tree.get("live").created() != null);
        List<String> witnessed = virshNames();
        assertEquals("libvirt's own list agrees", List.of("disks", "live", "off"), witnessed);

        session.revertToSnapshot(vmId, "live");
        assertEquals("a memory snapshot resumes the VM", 1, domainActive());
        assertTrue(byName(session.snapshots(vmId)).get("live").current());

        session.revertToSnapshot(vmId, "disks");
        assertEquals("a disks-only snapshot leaves the VM stopped", 0, domainActive());
        assertTrue(
                "the domain metadata survived the revert",
                !byName(session.snapshots(vmId)).get("disks").withMemory());

        session.revertToSnapshot(vmId, "off");
        assertEquals(0, domainActive());

        KvmDriverTest.assertFault(
                Fault.CONFLICT, () -> session.createSnapshot(vmId, new SnapshotSpec("live", null, false, false)));
        KvmDriverTest.assertFault(Fault.NOT_FOUND, () -> session.revertToSnapshot(vmId, "never"));
        KvmDriverTest.assertFault(Fault.NOT_FOUND, () -> session.deleteSnapshot(vmId, "never"));

        session.deleteSnapshot(vmId, "live");
        tree = byName(session.snapshots(vmId));
        assertEquals(List.of("off", "disks"), List.copyOf(tree.keySet()));
        assertEquals(
                "the child of a deleted snapshot moves to its parent",
                "off",
                tree.get("disks").parent());
        String images = qemuImgSnapshots(disk);
        assertTrue(images, images.contains(" off ") && images.contains(" disks ") && !images.contains(" live "));
    }

    private Path qcow2Disk() throws Exception {
        // QEMU runs as another user: it must reach the folder, which JUnit's temporary folders (0700) forbid.
        dir = Files.createTempDirectory("strata-snapshots-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path disk = dir.resolve("disk.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), "64M");
        return disk;
    }

    private int domainActive() throws Exception {
        return virsh.domainLookupByUUIDString(vmId).isActive();
    }

    private List<String> virshNames() throws Exception {
        return List.of(virsh.domainLookupByUUIDString(vmId).snapshotListNames()).stream()
                .sorted()
                .toList();
    }

    private static Map<String, SnapshotInfo> byName(List<SnapshotInfo> snapshots) {
        return snapshots.stream()
                .collect(Collectors.toMap(
                        SnapshotInfo::name, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
    }

    private static String qemuImgSnapshots(Path disk) throws Exception {
        return run("qemu-img", "snapshot", "-U", "-l", disk.toString());
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(out, 0, p.waitFor());
        return out;
    }
}
