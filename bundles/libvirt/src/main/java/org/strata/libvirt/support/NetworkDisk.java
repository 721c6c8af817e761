package org.strata.libvirt.support;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.w3c.dom.Element;

/**
 * A disk QEMU opens itself over the network, named by the URL a SAN or NAS storage driver gives as a volume's path:
 * {@code iscsi://PORTAL[:PORT]/IQN/LUN} (QEMU's libiscsi) or {@code nfs://SERVER[:PORT]/PATH} (QEMU's libnfs). In the
 * domain XML it is {@code <disk type='network'>} with {@code <source protocol='iscsi|nfs' name='...'><host .../>}: no
 * kernel initiator or mount on the hypervisor host, and libvirt knows the storage is shared, so it migrates such a VM
 * live without calling the move unsafe.
 *
 * @param protocol {@code iscsi} or {@code nfs}
 * @param name     libvirt's source name: {@code IQN/LUN} for iSCSI, the file's path from the server's root for NFS
 */
record NetworkDisk(String protocol, String host, int port, String name) {

    /** The network disk a source names, or null when it names a local file or device. */
    static NetworkDisk of(String source) {
        if (source == null) {
            return null;
        }
        String lower = source.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("iscsi://") && !lower.startsWith("nfs://")) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(source);
        } catch (URISyntaxException e) {
            throw new DriverException(
                    Fault.UNSUPPORTED, "disk source '" + source + "' is not a valid URL: " + e.getReason());
        }
        String protocol = uri.getScheme().toLowerCase(Locale.ROOT);
        String path = uri.getPath();
        if (uri.getHost() == null
                || path == null
                || path.length() < 2
                || uri.getQuery() != null
                || uri.getUserInfo() != null) {
            throw new DriverException(
                    Fault.UNSUPPORTED,
                    "disk source '" + source + "' is not a " + protocol + "://HOST[:PORT]/"
                            + (protocol.equals("iscsi") ? "IQN/LUN" : "PATH") + " URL");
        }
        String name = protocol.equals("iscsi") ? path.substring(1) : path;
        if (protocol.equals("iscsi") && !name.matches("[^/]+/\\d+")) {
            throw new DriverException(
                    Fault.UNSUPPORTED, "disk source '" + source + "' is not an iscsi://HOST[:PORT]/IQN/LUN URL");
        }
        return new NetworkDisk(protocol, uri.getHost(), uri.getPort(), name);
    }

    void writeTo(Element source) {
        source.setAttribute("protocol", protocol);
        source.setAttribute("name", name);
        Element host = HardenedDom.add(source, "host");
        host.setAttribute("name", this.host);
        if (port > 0) {
            host.setAttribute("port", Integer.toString(port));
        }
        if (protocol.equals("nfs")) {
            host.setAttribute("transport", "tcp");
            // Who QEMU is on the NAS (libnfs's uid and gid): libvirt requires it. Root, as the storage driver that made
            // the volume: the export must not squash root (docs/driver-guide.md, the NFS driver).
            Element identity = HardenedDom.add(source, "identity");
            identity.setAttribute("user", "root");
            identity.setAttribute("group", "root");
        }
    }

    /** The URL a {@code <source>} of a network disk names, or null for a protocol Strata does not speak. */
    static String url(Element source) {
        String protocol = HardenedDom.attr(source, "protocol");
        String name = HardenedDom.attr(source, "name");
        Element host = HardenedDom.child(source, "host");
        if (protocol == null || name == null || host == null || HardenedDom.attr(host, "name") == null) {
            return null;
        }
        if (!protocol.equals("iscsi") && !protocol.equals("nfs")) {
            return null;
        }
        String port = HardenedDom.attr(host, "port");
        return protocol + "://" + HardenedDom.attr(host, "name") + (port == null ? "" : ":" + port)
                + (name.startsWith("/") ? "" : "/") + name;
    }
}
