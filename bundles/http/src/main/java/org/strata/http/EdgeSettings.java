package org.strata.http;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How clients reach Strata (etc/org.strata.http.cfg).
 *
 * @param publicUrl      the URL clients use when it is not the address they connect to (a proxy, a name); Location
 *                       headers and the WSDLs' soap:address are built from it
 * @param trustedProxies the addresses of proxies whose X-Forwarded-For, -Proto and -Host headers are believed
 */
record EdgeSettings(Optional<URI> publicUrl, Set<String> trustedProxies) {

    static EdgeSettings of(String publicUrl, String trustedProxies) {
        Optional<URI> url = Optional.empty();
        if (publicUrl != null && !publicUrl.isBlank()) {
            URI parsed = URI.create(publicUrl.trim());
            if (!("https".equals(parsed.getScheme()) || "http".equals(parsed.getScheme()))
                    || parsed.getHost() == null) {
                throw new IllegalArgumentException("public.url must be an http(s) URL with a host, was " + publicUrl);
            }
            url = Optional.of(parsed);
        }
        Set<String> proxies = trustedProxies == null
                ? Set.of()
                : Arrays.stream(trustedProxies.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toUnmodifiableSet());
        return new EdgeSettings(url, proxies);
    }
}
