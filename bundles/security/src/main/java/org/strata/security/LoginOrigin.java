package org.strata.security;

import java.security.Principal;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;

/**
 * Where a login comes from: the channel (rest, soap, ssh) and the client's address, as the caller put them in the
 * subject before logging in (Karaf's SSH server and Strata's web services add a {@link ClientPrincipal}).
 */
public record LoginOrigin(String channel, String address) {

    public static final LoginOrigin UNKNOWN = new LoginOrigin("unknown", "unknown");

    public static LoginOrigin of(Subject subject) {
        if (subject != null) {
            for (Principal p : subject.getPrincipals()) {
                if (p instanceof ClientPrincipal client) {
                    return new LoginOrigin(Text.token(client.getMethod()), address(client.getAddress()));
                }
            }
        }
        return UNKNOWN;
    }

    /**
     * The bare IP address: Karaf's SSH server gives an InetSocketAddress's text ("/127.0.0.1:52344",
     * "host/[::1]:52344"); the port must go, or each connection would count as a source of its own.
     */
    static String address(String raw) {
        if (raw == null || raw.isBlank()) {
            return "unknown";
        }
        String a = raw.trim();
        int slash = a.indexOf('/');
        if (slash >= 0) {
            a = a.substring(slash + 1);
        }
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            return Text.token(end > 0 ? a.substring(1, end) : a.substring(1));
        }
        int colon = a.indexOf(':');
        if (colon >= 0 && colon == a.lastIndexOf(':')) {
            a = a.substring(0, colon);
        }
        return Text.token(a);
    }
}
