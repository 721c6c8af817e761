package org.strata.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Decides, for every request before anything handles it, the address Strata is reached at (what Location headers
 * and the WSDLs' soap:address are built from) and who the client is (what the login throttle and audit see):
 * <ol>
 * <li>the configured public URL, when there is one;</li>
 * <li>else, from a trusted proxy, its X-Forwarded-Host and -Proto;</li>
 * <li>else the Host header, but only when it names this machine (one of its addresses, its host name, localhost,
 * or a configured name);</li>
 * <li>else the address the connection came in on.</li>
 * </ol>
 * A client's Host header is never copied into an answer otherwise, and a malformed one no longer reaches the web
 * services (where it made URI parsing fail with a 500). The client's address is the connection's peer, or, from a
 * trusted proxy, the last address in X-Forwarded-For that is not itself a trusted proxy.
 */
final class PublicAddress implements HttpConfiguration.Customizer {

    /** A host name, an IPv4 address or a bracketed IPv6 address, with an optional port. */
    private static final Pattern AUTHORITY = Pattern.compile(
            "([A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]{2,45}])(?::(\\d{1,5}))?");

    private static final Pattern IP = Pattern.compile("[0-9]{1,3}(?:\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]{2,45}");

    private final EdgeSettings settings;
    /** Lower-case names and addresses (IPv6 bracketed) that a Host header may name. */
    private final Set<String> ownNames;

    PublicAddress(EdgeSettings settings, Set<String> ownNames) {
        this.settings = settings;
        this.ownNames = ownNames;
    }

    @Override
    public void customize(Connector connector, HttpConfiguration config, Request request) {
        boolean proxied = settings.trustedProxies().contains(request.getRemoteAddr());
        if (proxied) {
            forwardedClient(request);
        }
        String scheme = request.getScheme();
        String host = null;
        int port = -1;
        if (settings.publicUrl().isPresent()) {
            URI url = settings.publicUrl().get();
            scheme = url.getScheme();
            host = url.getHost();
            port = url.getPort() > 0 ? url.getPort() : defaultPort(scheme);
        } else {
            Matcher forwarded = proxied ? authority(request.getHeader("X-Forwarded-Host")) : null;
            if (forwarded != null) {
                String proto = request.getHeader("X-Forwarded-Proto");
                if ("https".equalsIgnoreCase(proto) || "http".equalsIgnoreCase(proto)) {
                    scheme = proto.toLowerCase(Locale.ROOT);
                }
                host = forwarded.group(1);
                port = forwarded.group(2) != null ? Integer.parseInt(forwarded.group(2)) : defaultPort(scheme);
            } else {
                Matcher named = authority(request.getHeader(HttpHeader.HOST.asString()));
                if (named != null && ownNames.contains(named.group(1).toLowerCase(Locale.ROOT))) {
                    host = named.group(1);
                    port = named.group(2) != null ? Integer.parseInt(named.group(2)) : request.getLocalPort();
                }
            }
        }
        if (host == null || port < 1 || port > 65535) {
            String local = request.getLocalAddr();
            host = local.indexOf(':') >= 0 ? "[" + local + "]" : local;
            port = request.getLocalPort();
        }
        request.setScheme(scheme);
        request.setAuthority(host, port);
        request.getHttpFields().put(HttpHeader.HOST, host + ":" + port);
    }

    private static Matcher authority(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = AUTHORITY.matcher(value.trim());
        return m.matches() ? m : null;
    }

    /** The client as the trusted proxies saw it: right to left, the first address that is not a trusted proxy. */
    private void forwardedClient(Request request) {
        String chain = request.getHeader("X-Forwarded-For");
        if (chain == null) {
            return;
        }
        String[] hops = chain.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!IP.matcher(hop).matches()) {
                return; // not an address: believe nothing further left
            }
            if (!settings.trustedProxies().contains(hop)) {
                try {
                    // A literal: no name is looked up.
                    request.setRemoteAddr(new InetSocketAddress(InetAddress.getByName(hop), request.getRemotePort()));
                } catch (UnknownHostException e) {
                    return;
                }
                return;
            }
        }
    }

    private static int defaultPort(String scheme) {
        return "http".equals(scheme) ? 80 : 443;
    }
}
