package org.strata.libvirt.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.UUID;
import org.junit.Test;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.Secret;
import org.strata.spi.hypervisor.DiskAuth;
import org.strata.spi.hypervisor.DiskSpec;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The volume paths of the SAN and NAS drivers as libvirt network disks, and back: what describe() gives must be the
 * path the VM was defined with. libvirt's own parser and schema check the XML in the KVM driver's tests.
 */
public class NetworkDiskTest {

    private static String roundTrip(String source) {
        Document doc = HardenedDom.newDocument("disk");
        Element element = HardenedDom.add(doc.getDocumentElement(), "source");
        NetworkDisk.of(source).writeTo(element);
        return NetworkDisk.url(element);
    }

    @Test
    public void iscsiAndNfsPathsBecomeNetworkDisksAndComeBack() {
        assertEquals(
                new NetworkDisk("iscsi", "127.0.0.1", 3260, "iqn.2026-12.org.strata:pool1/1"),
                NetworkDisk.of("iscsi://127.0.0.1:3260/iqn.2026-12.org.strata:pool1/1"));
        assertEquals(
                new NetworkDisk("nfs", "nas1.example", -1, "/srv/images/pool1/web.qcow2"),
                NetworkDisk.of("nfs://nas1.example/srv/images/pool1/web.qcow2"));
        for (String path : new String[] {
            "iscsi://127.0.0.1:3260/iqn.2026-12.org.strata:pool1/1",
            "iscsi://san1/iqn.2026-12.org.strata:pool1/12",
            "nfs://nas1.example/srv/images/pool1/web.qcow2",
            "nfs://127.0.0.1:2049/export/a.raw"
        }) {
            assertEquals(path, roundTrip(path));
        }
    }

    @Test
    public void localFilesAndDevicesAreNotNetworkDisks() {
        assertNull(NetworkDisk.of("/var/lib/libvirt/images/a.qcow2"));
        assertNull(NetworkDisk.of("/dev/sdb"));
        assertNull(NetworkDisk.of(null));
    }

    @Test
    public void aMalformedNetworkPathIsRefusedInWords() {
        for (String bad : new String[] {
            "iscsi://127.0.0.1/iqn.2026-12.org.strata:pool1", // no LUN
            "iscsi://127.0.0.1/iqn.2026-12.org.strata:pool1/x",
            "nfs://127.0.0.1/",
            "nfs:///export/a.raw", // no server
            "nfs://127.0.0.1/export/a.raw?uid=0",
            "nfs://user@127.0.0.1/export/a.raw",
            "iscsi://127.0.0.1/a b/1"
        }) {
            DriverException e = assertThrows(bad, DriverException.class, () -> NetworkDisk.of(bad));
            assertEquals(bad, Fault.UNSUPPORTED, e.fault());
        }
    }

    @Test
    public void aChapUserBecomesAnAuthWithASecretByUsageAndComesBackWithoutTheSecret() {
        String path = "iscsi://u1@127.0.0.1:3260/iqn.2026-12.org.strata:pool1/1";
        Document doc = HardenedDom.newDocument("devices");
        Element disk = doc.getDocumentElement();
        disk.setAttribute("type", "network");
        Element source = HardenedDom.add(disk, "source");
        NetworkDisk.of(path)
                .withAuth(new DiskAuth("u1", Secret.of("pw-never-written")))
                .writeTo(source);
        String xml = HardenedDom.write(disk);
        String usage = "strata-chap/u1@127.0.0.1:3260/iqn.2026-12.org.strata:pool1";
        assertTrue(
                xml,
                xml.contains("<auth username=\"u1\"><secret type=\"iscsi\" usage=\"" + usage + "\"/></auth></source>"));
        assertFalse(xml, xml.contains("pw-never-written"));
        assertEquals(path, NetworkDisk.url(source));
        Element target = HardenedDom.add(disk, "target");
        target.setAttribute("dev", "vda");
        target.setAttribute("bus", "virtio");
        DiskSpec read = DomainXml.disk(disk);
        assertEquals(path, read.source());
        assertEquals(new DiskAuth("u1", Secret.none()), read.auth());

        // The secret's definition names the same usage, under a UUID derived from it; it holds no value.
        String secretXml = LibvirtSecrets.xml(usage);
        assertTrue(secretXml, secretXml.contains("ephemeral=\"no\" private=\"yes\""));
        assertTrue(secretXml, secretXml.contains("<usage type=\"iscsi\"><target>" + usage + "</target></usage>"));
        assertEquals(
                UUID.nameUUIDFromBytes(usage.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                LibvirtSecrets.uuid(usage));
        // A disk given with its auth but a URL without user gets the user from the auth.
        assertEquals(
                "u1",
                NetworkDisk.of("iscsi://127.0.0.1:3260/iqn.2026-12.org.strata:pool1/1")
                        .withAuth(new DiskAuth("u1", null))
                        .user());
    }

    @Test
    public void credentialsThatDoNotFitAreRefusedWithoutShowingThem() {
        DriverException password = assertThrows(
                DriverException.class,
                () -> NetworkDisk.of("iscsi://u1:hunter2secret@127.0.0.1/iqn.2026-12.org.strata:p/1"));
        assertEquals(Fault.UNSUPPORTED, password.fault());
        assertFalse(password.getMessage(), password.getMessage().contains("hunter2secret"));
        NetworkDisk disk = NetworkDisk.of("iscsi://u1@127.0.0.1/iqn.2026-12.org.strata:p/1");
        assertEquals(
                Fault.UNSUPPORTED,
                assertThrows(DriverException.class, () -> disk.withAuth(new DiskAuth("u2", Secret.of("x"))))
                        .fault());
        NetworkDisk nfs = NetworkDisk.of("nfs://127.0.0.1/export/a.raw");
        assertEquals(
                Fault.UNSUPPORTED,
                assertThrows(DriverException.class, () -> nfs.withAuth(new DiskAuth("u1", Secret.of("x"))))
                        .fault());
    }
}
