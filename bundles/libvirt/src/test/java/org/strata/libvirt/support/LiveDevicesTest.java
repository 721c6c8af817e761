package org.strata.libvirt.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.w3c.dom.Element;

public class LiveDevicesTest {

    /** What the statistics read through the DOM before: the reference LiveDevices must agree with. */
    private static LiveDevices throughDom(String xml) {
        Element devices = HardenedDom.child(HardenedDom.parse(xml).getDocumentElement(), "devices");
        List<String> disks = new ArrayList<>();
        for (Element disk : HardenedDom.children(devices, "disk")) {
            String target = HardenedDom.attr(HardenedDom.child(disk, "target"), "dev");
            if (target != null && HardenedDom.child(disk, "source") != null) {
                disks.add(target);
            }
        }
        List<String> nics = new ArrayList<>();
        for (Element nic : HardenedDom.children(devices, "interface")) {
            String dev = HardenedDom.attr(HardenedDom.child(nic, "target"), "dev");
            String name = dev != null ? dev : HardenedDom.attr(HardenedDom.child(nic, "mac"), "address");
            if (name != null) {
                nics.add(name);
            }
        }
        return new LiveDevices(disks, nics);
    }

    private static void agree(String xml, LiveDevices expected) {
        assertEquals(expected, throughDom(xml));
        assertEquals(expected, LiveDevices.of(xml));
    }

    @Test
    public void disksWithASourceAndInterfacesByTargetOrMac() {
        agree("""
                <?xml version="1.0"?>
                <domain type='kvm' id='3'>
                  <!-- <devices><disk><source/><target dev='in-a-comment'/></disk></devices> -->
                  <description><![CDATA[<devices>not these</devices>]]></description>
                  <name>web</name>
                  <metadata><disk><target dev='not-a-device'/><source/></disk></metadata>
                  <devices>
                    <emulator>/usr/bin/qemu-system-x86_64</emulator>
                    <disk type='file' device='disk'>
                      <driver name='qemu' type='qcow2'/>
                      <source file='/var/lib/a.qcow2'/>
                      <target dev='vda' bus='virtio'/>
                      <target dev='second-target-ignored'/>
                    </disk>
                    <disk type='file' device='cdrom'><target dev='sda' bus='sata'/><readonly/></disk>
                    <disk type="block" device="disk"><source dev="/dev/sdz"/><target dev="sdb"
                        bus="scsi"/></disk>
                    <disk type='file' device='disk'><source file='/b'/></disk>
                    <interface type='network'>
                      <mac address='52:54:00:00:00:01'/><source network='default'/><target dev='vnet0'/>
                    </interface>
                    <interface type='network'><mac address='52:54:00:00:00:02'/><source network='default'/></interface>
                    <interface type='user'><model type='virtio'/></interface>
                    <controller type='usb'><target dev='not-a-disk'/></controller>
                  </devices>
                  <devices><disk><source/><target dev='in-the-second-devices'/></disk></devices>
                </domain>
                """, new LiveDevices(List.of("vda", "sdb"), List.of("vnet0", "52:54:00:00:00:02")));
    }

    @Test
    public void aDomainWithoutDevicesHasNone() {
        agree("<domain type='kvm'><name>bare</name></domain>", new LiveDevices(List.of(), List.of()));
        agree(
                "<?xml version='1.0'?><!-- a comment --><domain><devices/></domain>",
                new LiveDevices(List.of(), List.of()));
    }

    @Test
    public void escapedAttributesAreReadAsTheirText() {
        agree(
                "<domain><devices><interface><target dev='a&amp;b&#x41;'/></interface></devices></domain>",
                new LiveDevices(List.of(), List.of("a&bA")));
    }

    @Test
    public void aDoctypeAndBrokenXmlAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> LiveDevices.of("<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><domain>&x;</domain>"));
        assertThrows(IllegalArgumentException.class, () -> LiveDevices.of("<domain><devices></domain>"));
        assertThrows(IllegalArgumentException.class, () -> LiveDevices.of("<domain><devices>"));
        assertThrows(IllegalArgumentException.class, () -> LiveDevices.of("<domain a=b/>"));
        assertThrows(IllegalArgumentException.class, () -> LiveDevices.of("<domain a='&ext;'/>"));
        assertThrows(IllegalArgumentException.class, () -> LiveDevices.of("<a/><b/>"));
        assertThrows(IllegalArgumentException.class, () -> LiveDevices.of("no xml"));
    }
}
