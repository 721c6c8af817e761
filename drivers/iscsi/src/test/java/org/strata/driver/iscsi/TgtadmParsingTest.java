package org.strata.driver.iscsi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.Test;
import org.strata.spi.Fault;

/** What tgtadm 1.0.85 prints, read back; and the address's defaults. No tgtd needed. */
public class TgtadmParsingTest {

    /** Trimmed from a real {@code tgtadm --op show}: an initiator logged in, a controller and two disks. */
    private static final String SHOW = String.join(
            "\n",
            "Target 1: iqn.2026-12.org.strata:pool1",
            "    System information:",
            "        Driver: iscsi",
            "        State: ready",
            "    I_T nexus information:",
            "        I_T nexus: 5",
            "            Initiator: iqn.2008-11.org.linux-kvm alias: none",
            "            Connection: 0",
            "                IP Address: 127.0.0.1",
            "    LUN information:",
            "        LUN: 0",
            "            Type: controller",
            "            Backing store type: null",
            "            Backing store path: None",
            "            Backing store flags: ",
            "        LUN: 1",
            "            Type: disk",
            "            SCSI ID: IET     00010001",
            "            Size: 67 MB, Block size: 512",
            "            Backing store type: rdwr",
            "            Backing store path: /var/lib/strata-iscsi/iqn.2026-12.org.strata:pool1/web1",
            "            Backing store flags: ",
            "    Account information:",
            "    ACL information:",
            "        127.0.0.1",
            "        10.0.0.0/24",
            "Target 2: iqn.2026-12.org.strata:empty",
            "    System information:",
            "        Driver: iscsi",
            "    I_T nexus information:",
            "    LUN information:",
            "        LUN: 0",
            "            Type: controller",
            "            Backing store path: None",
            "    Account information:",
            "    ACL information:",
            "        ALL",
            "");

    @Test
    public void targetsLunsInitiatorsAndAclsAreRead() {
        List<Tgtadm.Target> targets = Tgtadm.parseTargets(SHOW);
        assertEquals(2, targets.size());
        Tgtadm.Target t = targets.get(0);
        assertEquals(1, t.tid());
        assertEquals("iqn.2026-12.org.strata:pool1", t.iqn());
        assertEquals(
                List.of(
                        new Tgtadm.Lun(0, "controller", "None"),
                        new Tgtadm.Lun(1, "disk", "/var/lib/strata-iscsi/iqn.2026-12.org.strata:pool1/web1")),
                t.luns());
        assertEquals(List.of("iqn.2008-11.org.linux-kvm"), t.initiators());
        assertEquals(List.of("127.0.0.1", "10.0.0.0/24"), t.acl());
        assertEquals(List.of("ALL"), targets.get(1).acl());
        assertEquals(List.of(), targets.get(1).initiators());
        assertEquals(List.of(), Tgtadm.parseTargets(""));
    }

    @Test
    public void tgtadmsWordsChooseTheFault() {
        assertEquals(
                Fault.UNREACHABLE,
                Tgtadm.failure(
                                "x",
                                107,
                                "tgtadm: failed to send request hdr to tgt daemon, Transport endpoint is not connected")
                        .fault());
        assertEquals(
                Fault.CONFLICT,
                Tgtadm.failure("x", 22, "tgtadm: this logical unit number already exists")
                        .fault());
        assertEquals(
                Fault.CONFLICT,
                Tgtadm.failure("x", 22, "tgtadm: this target is still active").fault());
        assertEquals(
                Fault.NOT_FOUND,
                Tgtadm.failure("x", 22, "tgtadm: can't find the target").fault());
        assertEquals(
                Fault.DRIVER_FAILURE,
                Tgtadm.failure("x", 22, "tgtadm: invalid request").fault());
        assertEquals(
                "cannot x: invalid request",
                Tgtadm.failure("x", 22, "tgtadm: invalid request\n").getMessage());
    }

    @Test
    public void anAddressHasDefaults() {
        IscsiAddress a = IscsiAddress.parse("iscsi://storage1.example");
        assertEquals("storage1.example:3260", a.portal());
        assertNull(a.control());
        assertEquals(Path.of("/var/lib/strata-iscsi"), a.dir());
        assertEquals(List.of(), a.pools());
        assertEquals("none given: a new target is open to ALL", List.of(), a.initiators());

        IscsiAddress b = IscsiAddress.parse("iscsi://[::1]:3261/?control=7&dir=/srv/luns/&pool=iqn.2026-12.org.strata:a"
                + "&pool=iqn.2026-12.org.strata:b&initiators=10.0.0.11,10.0.0.12");
        assertEquals("[::1]:3261", b.portal());
        assertEquals(Integer.valueOf(7), b.control());
        assertEquals(Path.of("/srv/luns"), b.dir());
        assertEquals(List.of("iqn.2026-12.org.strata:a", "iqn.2026-12.org.strata:b"), b.pools());
        assertEquals(List.of("10.0.0.11", "10.0.0.12"), b.initiators());
    }

    @Test
    public void incomingAccountsAreReadOutgoingOnesLeftOut() {
        String show = String.join(
                "\n",
                "Target 1: iqn.2026-12.org.strata:chap",
                "    System information:",
                "        Driver: iscsi",
                "    I_T nexus information:",
                "    LUN information:",
                "        LUN: 0",
                "            Type: controller",
                "            Backing store path: None",
                "    Account information:",
                "        strata-u1",
                "        target-proof (outgoing)",
                "    ACL information:",
                "        ALL",
                "");
        Tgtadm.Target t = Tgtadm.parseTargets(show).get(0);
        assertEquals(List.of("strata-u1"), t.accounts());
        assertEquals(List.of("ALL"), t.acl());
    }
}
