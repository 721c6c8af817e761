package org.strata.driver.libvirt.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.strata.spi.storage.VolumeInfo;
import org.w3c.dom.Document;

/**
 * What a host sees of a SAN target through a libvirt {@code iscsi-direct} pool: libvirt logs in with the host's own
 * initiator name (so the target's ACL decides what it sees) and lists each LUN as a volume named {@code unit:0:0:N}.
 * Each is given the {@code iscsi://HOST:PORT/IQN/N} path that a VM disk names and the iSCSI driver reports, so that
 * the same LUN is the same volume whoever lists it. LUN 0, the target's controller, holds no data and is left out.
 * Sizes are libvirt's: 9.0 counts a LUN one block short (the last block's address times the block size).
 */
final class IscsiDirect {

    private static final Pattern LUN = Pattern.compile("-lun-(\\d+)$");

    private IscsiDirect() {}

    static List<VolumeInfo> volumes(String poolName, StoragePool pool) throws LibvirtException {
        pool.refresh(0);
        Document xml = StorageXml.parse(pool.getXMLDesc(0));
        String host = StorageXml.text(xml, "/pool/source/host/@name");
        String port = StorageXml.text(xml, "/pool/source/host/@port");
        String iqn = StorageXml.text(xml, "/pool/source/device/@path");
        String portal = host.contains(":") ? "[" + host + "]" : host;
        String authority = port.isEmpty() ? portal : portal + ":" + port;
        List<VolumeInfo> volumes = new ArrayList<>();
        for (String name : pool.listVolumes()) {
            StorageVol vol = pool.storageVolLookupByName(name);
            Matcher lun = LUN.matcher(vol.getPath());
            // From the XML: libvirt-java's getInfo knows no "network" volume type and fails on one.
            Document volume = StorageXml.parse(vol.getXMLDesc(0));
            long capacity = bytes(StorageXml.text(volume, "/volume/capacity"));
            if (!lun.find() || "0".equals(lun.group(1)) || capacity == 0) {
                continue;
            }
            volumes.add(new VolumeInfo(
                    poolName,
                    name,
                    capacity,
                    bytes(StorageXml.text(volume, "/volume/allocation")),
                    "raw",
                    "iscsi://" + authority + "/" + iqn + "/" + lun.group(1)));
        }
        volumes.sort((a, b) -> a.name().compareTo(b.name()));
        return volumes;
    }

    /** libvirt writes sizes in bytes in a volume's XML (unit='bytes'). */
    private static long bytes(String text) {
        return text == null || text.isBlank() ? 0 : Long.parseLong(text.trim());
    }
}
