package org.strata.libvirt.support;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.DiskAuth;
import org.strata.spi.hypervisor.DiskSpec;
import org.w3c.dom.Element;

/**
 * A disk QEMU opens itself over the network, named by the URL a SAN or NAS storage driver gives as a volume's path:
 * {@code iscsi://PORTAL[:PORT]/IQN/LUN} (QEMU's libiscsi) or {@code nfs://SERVER[:PORT]/PATH} (QEMU's libnfs). In the
 * domain XML it is {@code <disk type='network'>} with {@code <source protocol='iscsi|nfs' name='...'><host .../>}: no
 * kernel initiator or mount on the hypervisor host, and libvirt knows the storage is shared, so it migrates such a VM
 * live without calling the move unsafe.
 *
 * <p>An iSCSI target that asks for CHAP is named with its user, {@code iscsi://USER@PORTAL/IQN/LUN} (never with a
 * password); the disk then gets {@code <auth username='USER'><secret type='iscsi' usage='...'/></auth>} inside its
 * {@code <source>}, where libvirt 9.0's schema has it since 3.9, the password being a libvirt secret
 * ({@link LibvirtSecrets}).
 *
 * @param protocol {@code iscsi} or {@code nfs}
 * @param name     libvirt's source name: {@code IQN/LUN} for iSCSI, the file's path from the server's root for NFS
 * @param user     the CHAP user the iSCSI target asks for, or null
 */
record NetworkDisk(String protocol, String host, int port, String name, String user) {

    /** A disk whose target asks for no credentials. */
    NetworkDisk(String protocol, String host, int port, String name) {
        this(protocol, host, port, name, null);
    }

    /** A CHAP user as the iSCSI driver writes it: safe in a URL, in XML and in a libvirt secret's usage id. */
    private static final Pattern CHAP_USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

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
        String user = uri.getUserInfo();
        if (user != null
                && (!protocol.equals("iscsi") || !CHAP_USER.matcher(user).matches())) {
            // Never the source itself: its user part could hold a password.
            throw new DriverException(
                    Fault.UNSUPPORTED,
                    "a network disk's URL names at most a CHAP user (iscsi://USER@HOST[:PORT]/IQN/LUN: letters,"
                            + " digits, '.', '_', '-'), never a password; the password is given as the disk's auth");
        }
        if (uri.getHost() == null || path == null || path.length() < 2 || uri.getQuery() != null) {
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
        return new NetworkDisk(protocol, uri.getHost(), uri.getPort(), name, user);
    }

    /** The IQN of an iSCSI disk. */
    String iqn() {
        return name.substring(0, name.lastIndexOf('/'));
    }

    /** This disk with the credentials of a {@link DiskSpec#auth()}: the user there and in the URL must agree. */
    NetworkDisk withAuth(DiskAuth auth) {
        if (auth == null) {
            return this;
        }
        if (!protocol.equals("iscsi")) {
            throw new DriverException(
                    Fault.UNSUPPORTED, "credentials are only given to iSCSI network disks, not to " + protocol);
        }
        if (!CHAP_USER.matcher(auth.username()).matches()) {
            throw new DriverException(
                    Fault.UNSUPPORTED,
                    "CHAP user '" + auth.username().replaceAll("\\p{Cc}", "?")
                            + "' is not allowed: letters, digits, '.', '_', '-'");
        }
        if (user != null && !user.equals(auth.username())) {
            throw new DriverException(
                    Fault.UNSUPPORTED,
                    "the disk's URL names CHAP user '" + user + "' but its auth names '" + auth.username() + "'");
        }
        return new NetworkDisk(protocol, host, port, name, auth.username());
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
        if (user != null) {
            Element auth = HardenedDom.add(source, "auth");
            auth.setAttribute("username", user);
            Element secret = HardenedDom.add(auth, "secret");
            secret.setAttribute("type", "iscsi");
            secret.setAttribute("usage", LibvirtSecrets.usageId(this));
        }
    }

    /** The CHAP user of a network disk's {@code <source>} (or of its {@code <disk>}, libvirt's older place), or null. */
    static String user(Element disk, Element source) {
        Element auth = source == null ? null : HardenedDom.child(source, "auth");
        if (auth == null) {
            auth = HardenedDom.child(disk, "auth");
        }
        return auth == null ? null : HardenedDom.attr(auth, "username");
    }

    /** The URL a {@code <source>} of a network disk names, or null for a protocol Strata does not speak. */
    static String url(Element source) {
        Element auth = HardenedDom.child(source, "auth");
        return url(source, auth == null ? null : HardenedDom.attr(auth, "username"));
    }

    /** The URL of a network disk's {@code <source>}, naming the CHAP user given (read from wherever it was). */
    static String url(Element source, String user) {
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
        return protocol + "://" + (user == null || !protocol.equals("iscsi") ? "" : user + "@")
                + HardenedDom.attr(host, "name") + (port == null ? "" : ":" + port)
                + (name.startsWith("/") ? "" : "/") + name;
    }
}
