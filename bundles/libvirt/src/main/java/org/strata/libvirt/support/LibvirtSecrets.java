package org.strata.libvirt.support;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.libvirt.Connect;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.DiskAuth;
import org.strata.spi.hypervisor.DiskSpec;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The libvirt secrets that hold the CHAP passwords of iSCSI network disks. One secret per portal, target and user
 * (its usage id, {@link #usageId}), whatever the number of VMs and LUNs using it: the disk XML names it by that usage
 * id, and QEMU gets the password from libvirt when it opens the disk. The secret is private (libvirt never gives
 * its value back over its API) and persistent (the VM starts again after a libvirtd restart).
 *
 * <p>libvirt-java 0.5.4 has no lookup by usage, so the secret's UUID is derived from the usage id (a name-based
 * UUID): defining it again with the same UUID and usage updates it, so making sure it exists is one define and one
 * set-value, the same the first time and every later time. The value is set on every define of a disk that carries
 * the password, so a changed storage host password reaches every VM on its next start. Secrets are not removed when
 * the last VM using them goes (others may come, and a secret is a few bytes); {@code virsh secret-undefine} does.
 */
final class LibvirtSecrets {

    private LibvirtSecrets() {}

    /** What names the secret of a CHAP-protected iSCSI disk: portal, target and user, with Strata's prefix. */
    static String usageId(NetworkDisk disk) {
        int port = disk.port() > 0 ? disk.port() : 3260;
        return "strata-chap/" + disk.user() + "@" + disk.host() + ":" + port + "/" + disk.iqn();
    }

    static UUID uuid(String usageId) {
        return UUID.nameUUIDFromBytes(usageId.getBytes(StandardCharsets.UTF_8));
    }

    /** The secret's definition: no value in it, which libvirt sets apart. */
    static String xml(String usageId) {
        Document doc = HardenedDom.newDocument("secret");
        Element secret = doc.getDocumentElement();
        secret.setAttribute("ephemeral", "no");
        secret.setAttribute("private", "yes");
        HardenedDom.add(secret, "uuid").setTextContent(uuid(usageId).toString());
        HardenedDom.add(secret, "description").setTextContent("Strata: CHAP password of " + usageId);
        Element usage = HardenedDom.add(secret, "usage");
        usage.setAttribute("type", "iscsi");
        HardenedDom.add(usage, "target").setTextContent(usageId);
        return HardenedDom.write(secret);
    }

    /**
     * Makes sure libvirt has the secret of a disk that asks for CHAP: defined and set when the disk carries the
     * password; when it does not (a disk read back by describe and given again), the secret must be there already.
     * Disks without credentials are left alone.
     */
    static void ensure(Connect connect, DiskSpec disk) throws LibvirtException {
        NetworkDisk network = NetworkDisk.of(disk.source());
        if (network == null) {
            return;
        }
        network = network.withAuth(disk.auth());
        if (network.user() == null) {
            return;
        }
        String usageId = usageId(network);
        DiskAuth auth = disk.auth();
        if (auth == null || auth.secret().isEmpty()) {
            try {
                connect.secretLookupByUUIDString(uuid(usageId).toString()).free();
                return;
            } catch (LibvirtException e) {
                if (LibvirtFaults.code(e) != ErrorNumber.VIR_ERR_NO_SECRET) {
                    throw e;
                }
                throw new DriverException(
                        Fault.UNSUPPORTED,
                        "disk " + disk.source() + " asks for the CHAP password of user " + network.user()
                                + ": none was given and libvirt has no secret " + usageId);
            }
        }
        org.libvirt.Secret secret = connect.secretDefineXML(xml(usageId));
        char[] chars = auth.secret().reveal();
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] value = new byte[bytes.remaining()];
        bytes.get(value);
        try {
            secret.setValue(value);
        } finally {
            Arrays.fill(chars, '\0');
            Arrays.fill(value, (byte) 0);
            if (bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0);
            }
            secret.free();
        }
    }
}
