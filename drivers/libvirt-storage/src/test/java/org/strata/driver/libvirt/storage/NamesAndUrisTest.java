package org.strata.driver.libvirt.storage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;

/** Which URIs have their pools' directories on this machine, and which names and formats pass. */
public class NamesAndUrisTest {

    @Test
    public void onlyLocalDaemonsHaveLocalDirectories() {
        assertTrue(LibvirtUris.hasLocalFiles("qemu:///system"));
        assertTrue(LibvirtUris.hasLocalFiles("qemu:///session"));
        assertTrue(LibvirtUris.hasLocalFiles("qemu+unix:///system"));
        assertTrue(LibvirtUris.hasLocalFiles("xen:///system"));
        assertFalse(LibvirtUris.hasLocalFiles("test:///default"));
        assertFalse(LibvirtUris.hasLocalFiles("test:///tmp/host.xml"));
        assertFalse(LibvirtUris.hasLocalFiles("qemu+ssh://root@kvm1/system"));
        assertFalse(LibvirtUris.hasLocalFiles("qemu+tcp://10.0.0.5/system"));
        assertFalse(LibvirtUris.hasLocalFiles("qemu+tls://kvm1.example.org/system"));
        assertFalse(LibvirtUris.hasLocalFiles("qemu://kvm1/system"));
        assertFalse(LibvirtUris.hasLocalFiles("not a uri"));
    }

    @Test
    public void messagesNameNoUser() {
        assertEquals("qemu+ssh://kvm1/system", LibvirtUris.safe("qemu+ssh://admin@kvm1/system"));
        assertEquals("qemu:///system", LibvirtUris.safe("qemu:///system"));
    }

    @Test
    public void formatsAreCheckedAndNormalised() {
        assertEquals("qcow2", Names.volumeFormat(null));
        assertEquals("raw", Names.volumeFormat(" Raw "));
        assertEquals("vpc", Names.importFormat("VHD"));
        assertEquals("vmdk", Names.importFormat("vmdk"));
        assertNull(Names.importFormat(null));
        assertEquals(
                Fault.UNSUPPORTED,
                assertThrows(DriverException.class, () -> Names.volumeFormat("vmdk"))
                        .fault());
        assertEquals(
                Fault.UNSUPPORTED,
                assertThrows(DriverException.class, () -> Names.importFormat("vdi"))
                        .fault());
    }

    @Test
    public void volumeNamesStayInsideThePool() {
        assertEquals("web-01.qcow2", Names.volume("web-01.qcow2"));
        assertEquals("disk with space", Names.volume("disk with space"));
        for (String bad :
                new String[] {null, " ", "a/b", "/abs", "..", "x..y", ".", ".part", "tab\there", "x".repeat(256)}) {
            assertEquals(
                    String.valueOf(bad),
                    Fault.UNSUPPORTED,
                    assertThrows(DriverException.class, () -> Names.volume(bad)).fault());
        }
    }

    @Test
    public void volumeXmlEscapesWhatItQuotes() {
        String xml = StorageXml.volume("a&b<c>", 1024, "qcow2");
        assertEquals("a&b<c>", StorageXml.text(StorageXml.parse(xml), "/volume/name"));
        assertEquals("1024", StorageXml.text(StorageXml.parse(xml), "/volume/capacity"));
        assertEquals("qcow2", StorageXml.text(StorageXml.parse(xml), "/volume/target/format/@type"));
    }
}
