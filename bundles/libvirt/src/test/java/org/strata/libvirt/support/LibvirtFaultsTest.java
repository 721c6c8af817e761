package org.strata.libvirt.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;
import org.libvirt.Connect;
import org.libvirt.Error.ErrorDomain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.NumaCell;

/** The one libvirt error to fault mapping, with errors the real test driver raises, and capabilities parsing. */
public class LibvirtFaultsTest {

    @Test
    public void mapsLibvirtErrorNumbersToFaults() {
        assertEquals(Fault.NOT_FOUND, LibvirtFaults.fault(ErrorNumber.VIR_ERR_NO_DOMAIN));
        assertEquals(Fault.CONFLICT, LibvirtFaults.fault(ErrorNumber.VIR_ERR_OPERATION_INVALID));
        assertEquals(Fault.CONFLICT, LibvirtFaults.fault(ErrorNumber.VIR_ERR_DOM_EXIST));
        assertEquals(Fault.UNSUPPORTED, LibvirtFaults.fault(ErrorNumber.VIR_ERR_NO_SUPPORT));
        assertEquals(Fault.AUTHENTICATION_FAILED, LibvirtFaults.fault(ErrorNumber.VIR_ERR_AUTH_FAILED));
        assertEquals(Fault.UNREACHABLE, LibvirtFaults.fault(ErrorNumber.VIR_ERR_RPC));
        assertEquals(Fault.DRIVER_FAILURE, LibvirtFaults.fault(ErrorNumber.VIR_ERR_XML_ERROR));
        assertEquals(Fault.DRIVER_FAILURE, LibvirtFaults.fault(null));
        // An errno from the transport is a broken connection; from storage (QEMU may not read an image) it is not.
        assertEquals(
                Fault.UNREACHABLE, LibvirtFaults.fault(ErrorNumber.VIR_ERR_SYSTEM_ERROR, ErrorDomain.VIR_FROM_RPC));
        assertEquals(
                Fault.DRIVER_FAILURE,
                LibvirtFaults.fault(ErrorNumber.VIR_ERR_SYSTEM_ERROR, ErrorDomain.VIR_FROM_STORAGE));
        assertEquals(Fault.DRIVER_FAILURE, LibvirtFaults.fault(ErrorNumber.VIR_ERR_SYSTEM_ERROR));
    }

    @Test
    public void aLeaseHeldElsewhereIsAConflictAndAnUnknownLockspaceIsUnsupported() {
        // virtlockd's messages as libvirt 9.0 relays them (measured on the test bed)
        DriverException held =
                LibvirtFaults.leaseRefusal("kvm", "start vm-1", "resource busy: Lockspace resource 'vm-1' is locked");
        assertEquals(Fault.CONFLICT, held.fault());
        assertTrue(held.getMessage(), held.getMessage().startsWith("kvm: cannot start vm-1: its lease 'vm-1' is held"));
        assertTrue(held.getMessage(), held.getMessage().contains("held elsewhere"));

        DriverException space = LibvirtFaults.leaseRefusal(
                "kvm", "start vm-1", "internal error: Lockspace for path /srv/leases/strata does not exist");
        assertEquals(Fault.UNSUPPORTED, space.fault());
        for (String needed : List.of(
                "/srv/leases/strata", "lock_manager = \"lockd\"", "file_lockspace_dir = \"/srv/leases/strata\"")) {
            assertTrue(space.getMessage(), space.getMessage().contains(needed));
        }

        assertEquals(null, LibvirtFaults.leaseRefusal("kvm", "start vm-1", "internal error: qemu died"));
    }

    @Test
    public void keepsLibvirtsReasonInTheMessage() throws Exception {
        Connect connect = new Connect("test:///default");
        try {
            connect.domainLookupByName("no-such-vm");
        } catch (LibvirtException e) {
            DriverException mapped = LibvirtFaults.map("kvm", "find no-such-vm", e);
            assertEquals(Fault.NOT_FOUND, mapped.fault());
            assertTrue(
                    mapped.getMessage(),
                    mapped.getMessage().startsWith("kvm: cannot find no-such-vm: ")
                            && mapped.getMessage().contains("no-such-vm"));
            return;
        } finally {
            connect.close();
        }
        throw new AssertionError("looking up a missing domain must fail");
    }

    @Test
    public void readsNumaCellsAndGuestsFromCapabilities() throws Exception {
        Connect connect = new Connect("test:///default");
        try {
            HostCapabilities caps = HostCapabilities.parse(connect.getCapabilities());
            assertEquals("i686", caps.arch());
            assertEquals(
                    List.of(new NumaCell(0, 8, 2097152L * 1024), new NumaCell(1, 8, 4194304L * 1024)), caps.cells());
            assertTrue(caps.offers("hvm", "i686", "test"));
            assertTrue(caps.offersOsType("xen"));
        } finally {
            connect.close();
        }
    }
}
