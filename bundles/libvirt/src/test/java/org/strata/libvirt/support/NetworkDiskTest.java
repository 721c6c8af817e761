package org.strata.libvirt.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import org.junit.Test;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
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
}
