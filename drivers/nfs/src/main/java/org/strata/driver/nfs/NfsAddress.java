package org.strata.driver.nfs;

import java.util.regex.Pattern;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;

/**
 * A storage host's address: {@code nfs://SERVER/DIRECTORY}, the directory an NFS server exports (or a directory
 * inside an export, where the server lets clients mount one, as ganesha and Linux's nfsd do). Its sub-directories
 * are the pools; a volume is a file in a pool, and its path is the URL QEMU opens, {@code nfs://SERVER/DIRECTORY/POOL/NAME}.
 *
 * <p>No port: QEMU's NFS driver (libnfs) finds the server's MOUNT and NFS services through the portmapper on port
 * 111, as this driver does; a port in the address would name a service neither of them would use. No user, query or
 * fragment either: the URL is handed to QEMU as it is, so it must say nothing QEMU would read differently.
 */
record NfsAddress(String server, String directory) {

    /** A host name or an IPv4 address. */
    private static final Pattern SERVER = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");
    /** Path segments that need no escaping in a URL and mean nothing special to a shell or to QEMU. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,254}");

    static NfsAddress parse(String address) {
        if (address == null || !address.startsWith("nfs://")) {
            throw invalid("'" + shown(address) + "' is not an NFS address; write nfs://SERVER/EXPORTED/DIRECTORY");
        }
        String rest = address.substring("nfs://".length());
        int slash = rest.indexOf('/');
        String server = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        if (server.contains("@")) {
            throw invalid("an NFS address names no user: NFS (AUTH_SYS) sends the driver's own user id");
        }
        if (server.contains(":")) {
            throw invalid("an NFS address has no port: the server is found through its portmapper (port 111),"
                    + " as QEMU finds it; write nfs://" + server.substring(0, server.indexOf(':')) + path);
        }
        if (!SERVER.matcher(server).matches()) {
            throw invalid("'" + shown(server) + "' is not a server name or IPv4 address");
        }
        if (path.contains("?") || path.contains("#")) {
            throw invalid("an NFS address takes no options ('?' or '#'): QEMU would read them as its own");
        }
        while (path.endsWith("/") && path.length() > 1) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty() || path.equals("/")) {
            throw invalid("an NFS address names the exported directory: nfs://" + server + "/EXPORTED/DIRECTORY");
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw invalid("the directory '" + shown(path) + "' has a part that is empty, '.', '..' or not made of"
                        + " letters, digits, '.', '_' and '-' only");
            }
        }
        return new NfsAddress(server, path);
    }

    /** The URL of the address itself. */
    String url() {
        return "nfs://" + server + directory;
    }

    /** The URL QEMU opens for a volume: a VM disk's source. */
    String volumeUrl(String pool, String name) {
        return url() + "/" + pool + "/" + name;
    }

    @Override
    public String toString() {
        return url();
    }

    private static String shown(String s) {
        if (s == null) {
            return "";
        }
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
    }

    /**
     * The SPI (storage 1.2) has no "invalid input" fault; as libvirt-dir does, a request this driver cannot carry
     * out as asked is {@code UNSUPPORTED} (REST 501) with the reason.
     */
    static DriverException invalid(String message) {
        return new DriverException(Fault.UNSUPPORTED, message);
    }
}
