package org.strata.driver.libvirt.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** What a libvirt URI says about where the daemon, and therefore the pools' directories, are. */
final class LibvirtUris {

    private LibvirtUris() {}

    /**
     * True when the daemon runs on this machine, so a pool's target path is a directory here too:
     * {@code qemu:///system}, {@code qemu:///session}, {@code qemu+unix:///system}. Remote transports
     * ({@code +ssh}, {@code +tcp}, {@code +tls}) and any host name mean another machine's file system;
     * the {@code test} driver's pools are in-memory and have no directory at all.
     */
    static boolean hasLocalFiles(String uri) {
        URI u;
        try {
            u = new URI(uri);
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = u.getScheme();
        if (scheme == null) {
            return false;
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        String driver = scheme;
        String transport = "";
        int plus = scheme.indexOf('+');
        if (plus >= 0) {
            driver = scheme.substring(0, plus);
            transport = scheme.substring(plus + 1);
        }
        if (driver.equals("test")) {
            return false;
        }
        if (!transport.isEmpty() && !transport.equals("unix")) {
            return false;
        }
        String host = u.getHost() == null ? u.getAuthority() : u.getHost();
        return host == null || host.isEmpty();
    }

    /** The URI without user information, for messages: "qemu+ssh://admin@host/system" names no user. */
    static String safe(String uri) {
        try {
            URI u = new URI(uri);
            if (u.getUserInfo() == null) {
                return uri;
            }
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), null).toString();
        } catch (URISyntaxException e) {
            return "(unreadable libvirt URI)";
        }
    }
}
