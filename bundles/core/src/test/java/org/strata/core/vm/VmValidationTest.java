package org.strata.core.vm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.Test;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.vm.VmDisk;
import org.strata.api.vm.VmGraphics;
import org.strata.api.vm.VmNic;
import org.strata.api.vm.VmResources;
import org.strata.api.vm.VmSpec;

public class VmValidationTest {

    private static VmSpec spec(Function<Builder, Builder> change) {
        return change.apply(new Builder()).build();
    }

    /** A valid spec to break one field at a time. */
    private static final class Builder {
        String name = "web-1";
        int cpus = 2;
        long memory = 1024;
        String mode = "hvm";
        List<VmDisk> disks = List.of(new VmDisk(null, "/var/lib/images/web.qcow2", "qcow2", null, null, false));
        List<VmNic> nics = List.of(new VmNic(null, "default", null, null));
        List<String> pci = List.of();
        List<String> boot = List.of();
        VmGraphics graphics;
        VmResources resources;

        VmSpec build() {
            return new VmSpec(name, cpus, memory, mode, disks, nics, pci, boot, graphics, false, resources);
        }
    }

    private static void refused(VmSpec spec, String field) {
        StrataException e = assertThrows(StrataException.class, () -> VmValidation.spec(spec));
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
        assertTrue(
                "'" + e.getMessage() + "' should name " + field, e.getMessage().startsWith(field));
    }

    @Test
    public void aValidSpecComesBackWithItsDefaultsFilledIn() {
        VmSpec valid = VmValidation.spec(spec(b -> {
            b.mode = null;
            b.pci = List.of("0000:03:00.0");
            b.boot = List.of("CDROM", "disk");
            b.graphics = new VmGraphics("VNC", null, 0);
            b.resources = new VmResources(1024, null, null, null, null);
            return b;
        }));
        assertEquals("hvm", valid.guestMode());
        assertEquals(
                new VmDisk("disk", "/var/lib/images/web.qcow2", "qcow2", "virtio", null, false),
                valid.disks().get(0));
        assertEquals(
                new VmNic("network", "default", null, "virtio"), valid.nics().get(0));
        assertEquals(List.of("cdrom", "disk"), valid.bootOrder());
        assertEquals(new VmGraphics("vnc", "127.0.0.1", 0), valid.graphics());
        assertEquals(valid, VmValidation.spec(valid));
        // What ESX needs: VMDK disks on a datastore, vmxnet3 cards, port groups named with spaces.
        VmSpec esx = VmValidation.spec(spec(b -> {
            b.disks = List.of(new VmDisk("disk", "[datastore1] web/web.vmdk", "vmdk", "scsi", "sda", false));
            b.nics = List.of(new VmNic("network", " VM Network ", null, "vmxnet3"));
            return b;
        }));
        assertEquals("vmdk", esx.disks().get(0).format());
        assertEquals(
                new VmNic("network", "VM Network", null, "vmxnet3"), esx.nics().get(0));
        // A resources record with nothing set means none.
        assertNull(VmValidation.spec(spec(b -> {
                    b.resources = new VmResources(null, null, null, null, null);
                    return b;
                }))
                .resources());
        assertTrue(VmValidation.spec(spec(b -> {
                    b.disks = List.of(new VmDisk("cdrom", null, null, "sata", "sdc", false));
                    return b;
                }))
                .disks()
                .get(0)
                .readOnly());
    }

    @Test
    public void eachBadFieldIsRefusedByName() {
        assertThrows(StrataException.class, () -> VmValidation.spec(null));
        refused(
                spec(b -> {
                    b.name = null;
                    return b;
                }),
                "name");
        refused(
                spec(b -> {
                    b.name = "has space";
                    return b;
                }),
                "name");
        refused(
                spec(b -> {
                    b.name = "-dash";
                    return b;
                }),
                "name");
        refused(
                spec(b -> {
                    b.name = "x".repeat(101);
                    return b;
                }),
                "name");
        refused(
                spec(b -> {
                    b.cpus = 0;
                    return b;
                }),
                "cpus");
        refused(
                spec(b -> {
                    b.cpus = 257;
                    return b;
                }),
                "cpus");
        refused(
                spec(b -> {
                    b.memory = 15;
                    return b;
                }),
                "memoryMb");
        refused(
                spec(b -> {
                    b.mode = "paravirt";
                    return b;
                }),
                "guestMode");
        refused(
                spec(b -> {
                    b.disks = List.of(new VmDisk("floppy", "/a", null, null, null, false));
                    return b;
                }),
                "disks[0].device");
        refused(
                spec(b -> {
                    b.disks = List.of(new VmDisk("disk", null, null, null, null, false));
                    return b;
                }),
                "disks[0].source");
        // Which formats and models a host takes is its driver's to say (DriverVocabulary); here, a word or not.
        refused(
                spec(b -> {
                    b.disks = List.of(new VmDisk("disk", "/a", "vh dx", null, null, false));
                    return b;
                }),
                "disks[0].format");
        refused(
                spec(b -> {
                    b.disks = List.of(new VmDisk("disk", "/a", null, "usb", null, false));
                    return b;
                }),
                "disks[0].bus");
        refused(
                spec(b -> {
                    b.disks = List.of(new VmDisk("disk", "/a", null, null, "c:", false));
                    return b;
                }),
                "disks[0].target");
        refused(
                spec(b -> {
                    b.disks = List.of(
                            new VmDisk("disk", "/a", null, null, "vdb", false),
                            new VmDisk("disk", "/b", null, null, "vdb", false));
                    return b;
                }),
                "disks[1].target");
        refused(
                spec(b -> {
                    b.nics = List.of(new VmNic("vlan", "x", null, null));
                    return b;
                }),
                "nics[0].attachment");
        refused(
                spec(b -> {
                    b.nics = List.of(new VmNic("bridge", null, null, null));
                    return b;
                }),
                "nics[0].source");
        refused(
                spec(b -> {
                    b.nics = List.of(new VmNic("network", "default", "52:54:00:zz:00:01", null));
                    return b;
                }),
                "nics[0].mac");
        refused(
                spec(b -> {
                    b.nics = List.of(new VmNic("network", "default", null, "ne/2000"));
                    return b;
                }),
                "nics[0].model");
        refused(
                spec(b -> {
                    b.pci = List.of("03:00.0");
                    return b;
                }),
                "pciDevices[0]");
        refused(
                spec(b -> {
                    b.boot = List.of("floppy");
                    return b;
                }),
                "bootOrder[0]");
        refused(
                spec(b -> {
                    b.boot = List.of("disk", "disk");
                    return b;
                }),
                "bootOrder[1]");
        refused(
                spec(b -> {
                    b.graphics = new VmGraphics("rdp", null, 0);
                    return b;
                }),
                "graphics.type");
        refused(
                spec(b -> {
                    b.graphics = new VmGraphics("vnc", null, 80);
                    return b;
                }),
                "graphics.port");
        refused(
                spec(b -> {
                    b.graphics = new VmGraphics("vnc", "0.0.0.0 evil", 0);
                    return b;
                }),
                "graphics.listen");
        refused(
                spec(b -> {
                    b.resources = new VmResources(1, null, null, null, null);
                    return b;
                }),
                "resources.cpuShares");
        refused(
                spec(b -> {
                    b.resources = new VmResources(null, 101, null, null, null);
                    return b;
                }),
                "resources.cpuLimitPercent");
        refused(
                spec(b -> {
                    b.resources = new VmResources(null, 20, 50, null, null);
                    return b;
                }),
                "resources.cpuReservationPercent");
        refused(
                spec(b -> {
                    b.resources = new VmResources(null, null, null, 8L, null);
                    return b;
                }),
                "resources.memoryLimitMb");
        refused(
                spec(b -> {
                    b.resources = new VmResources(null, null, null, null, 2048L);
                    return b;
                }),
                "resources.memoryReservationMb");
    }

    @Test
    public void apiAndSpiSpecsMapBothWays() {
        VmSpec valid = VmValidation.spec(spec(b -> {
            b.pci = List.of("0000:03:00.0");
            b.boot = List.of("network", "disk");
            b.graphics = new VmGraphics("spice", "0.0.0.0", 5901);
            b.resources = new VmResources(512, 50, 10, 2048L, 512L);
            b.nics = List.of(
                    new VmNic("bridge", "br0", "52:54:00:AA:bb:01", "e1000"), new VmNic("user", null, null, null));
            return b;
        }));
        org.strata.spi.hypervisor.VmSpec spi = VmSpecs.toSpi(valid, "uuid-1");
        assertEquals("uuid-1", spi.uuid());
        assertEquals(
                org.strata.spi.hypervisor.VmSpec.BootDevice.NETWORK,
                spi.bootOrder().get(0));
        assertEquals(
                org.strata.spi.hypervisor.NicSpec.Attachment.BRIDGE,
                spi.nics().get(0).attachment());
        assertEquals(Long.valueOf(2048), spi.resources().memoryLimitMib());
        assertEquals(valid, VmSpecs.fromSpi(spi));
    }
}
