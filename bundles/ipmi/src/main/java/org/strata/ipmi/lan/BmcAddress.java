package org.strata.ipmi.lan;

import org.strata.spi.DriverException;
import org.strata.spi.Fault;

/** A BMC's LAN address: "host", "host:port", "[v6]" or "[v6]:port"; the port defaults to IPMI's 623. */
public record BmcAddress(String host, int port) {

    public static final int DEFAULT_PORT = 623;

    public static BmcAddress parse(String address) {
        String a = address == null ? "" : address.trim();
        String host = a;
        String port = null;
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            if (end < 0) {
                throw bad(address);
            }
            host = a.substring(1, end);
            if (end + 1 < a.length()) {
                if (a.charAt(end + 1) != ':') {
                    throw bad(address);
                }
                port = a.substring(end + 2);
            }
        } else if (a.indexOf(':') >= 0 && a.indexOf(':') == a.lastIndexOf(':')) {
            host = a.substring(0, a.indexOf(':'));
            port = a.substring(a.indexOf(':') + 1);
        }
        if (host.isEmpty()) {
            throw bad(address);
        }
        int p = DEFAULT_PORT;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw bad(address);
            }
            if (p < 1 || p > 65535) {
                throw bad(address);
            }
        }
        return new BmcAddress(host, p);
    }

    private static DriverException bad(String address) {
        return new DriverException(
                Fault.DRIVER_FAILURE, "not a BMC address (host or host:port expected): '" + address + "'");
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
