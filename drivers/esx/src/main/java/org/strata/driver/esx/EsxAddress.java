package org.strata.driver.esx;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.vsphere.vim.TlsPolicy;

/**
 * Where an ESX host is, in the URI forms of libvirt's own ESX driver, which vSphere admins who script libvirt know:
 * <ul>
 *   <li>{@code esx://esx1.example.com/} a standalone ESX host;</li>
 *   <li>{@code vpx://vcenter.example.com/DATACENTER/CLUSTER/esx1.example.com} an ESX host managed by a vCenter,
 *       named by its inventory path below the datacenter's host folder (folders included; for a host outside
 *       any cluster, {@code /DATACENTER/esx1.example.com}).</li>
 * </ul>
 * Query parameters: {@code no_verify=1} accepts any certificate; {@code thumbprint=AA:BB:...} pins the server's
 * certificate by its SHA-256 (or SHA-1) fingerprint; {@code transport=http} talks plain HTTP (simulators only).
 * A port after the host name is kept.
 *
 * @param sdk           the vim25 endpoint, {@code https://host[:port]/sdk}
 * @param vcenter       whether it names a host through a vCenter
 * @param inventoryPath for vpx://, the path under the datacenter ("DC0/host/DC0_C0/DC0_C0_H0"); null for esx://
 * @param tls           which certificates to accept
 */
record EsxAddress(URI sdk, boolean vcenter, String inventoryPath, TlsPolicy tls) {

    static EsxAddress parse(String address) {
        URI uri;
        try {
            uri = new URI(address.trim());
        } catch (URISyntaxException e) {
            throw invalid(address, "it is not a URI (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("esx") && !scheme.equals("vpx")) {
            throw invalid(
                    address,
                    "the ESX driver takes esx://HOST/ (a standalone host) or "
                            + "vpx://VCENTER/DATACENTER/[CLUSTER/]HOST (a host of a vCenter)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid(address, "it names no server");
        }
        Map<String, String> query = query(uri.getRawQuery(), address);
        String transport = query.getOrDefault("transport", "https");
        if (!transport.equals("https") && !transport.equals("http")) {
            throw invalid(address, "transport must be https or http");
        }
        TlsPolicy tls;
        try {
            if (query.containsKey("thumbprint")) {
                tls = TlsPolicy.pinned(query.get("thumbprint"));
            } else if ("1".equals(query.get("no_verify"))) {
                tls = TlsPolicy.INSECURE;
            } else {
                tls = TlsPolicy.VERIFY;
            }
        } catch (IllegalArgumentException e) {
            throw invalid(address, e.getMessage());
        }
        URI sdk = URI.create(transport + "://" + hostPort(uri) + "/sdk");

        List<String> path = new ArrayList<>();
        for (String part : (uri.getPath() == null ? "" : uri.getPath()).split("/")) {
            if (!part.isEmpty()) {
                path.add(part);
            }
        }
        if (scheme.equals("esx")) {
            if (!path.isEmpty()) {
                throw invalid(
                        address,
                        "esx:// names a standalone host and takes no path; "
                                + "for a host of a vCenter write vpx://VCENTER/DATACENTER/[CLUSTER/]HOST");
            }
            return new EsxAddress(sdk, false, null, tls);
        }
        if (path.size() < 2) {
            throw invalid(address, "vpx:// needs the host's inventory path: vpx://VCENTER/DATACENTER/[CLUSTER/]HOST");
        }
        // The datacenter's hosts live in its "host" folder: DC/host/CLUSTER/HOST.
        String inventory = path.get(0) + "/host/" + String.join("/", path.subList(1, path.size()));
        return new EsxAddress(sdk, true, inventory, tls);
    }

    /** The same server (for vMotion: only within one vCenter). */
    boolean sameServer(EsxAddress other) {
        return sdk.equals(other.sdk);
    }

    /** The host's name as written: the last part of the inventory path, or the server for esx://. */
    String hostLabel() {
        return inventoryPath == null ? sdk.getHost() : inventoryPath.substring(inventoryPath.lastIndexOf('/') + 1);
    }

    private static String hostPort(URI uri) {
        String host = uri.getHost();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return uri.getPort() > 0 ? host + ":" + uri.getPort() : host;
    }

    private static Map<String, String> query(String raw, String address) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (!List.of("no_verify", "thumbprint", "transport").contains(key)) {
                throw invalid(address, "unknown parameter '" + key + "' (known: no_verify, thumbprint, transport)");
            }
            out.put(key, value);
        }
        return out;
    }

    /** Bad addresses are the operator's to fix; UNSUPPORTED is the SPI's word for "this driver cannot take that". */
    private static DriverException invalid(String address, String why) {
        return new DriverException(Fault.UNSUPPORTED, "'" + address + "' is not an ESX address: " + why);
    }
}
