package org.strata.core.hardware;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strata.api.StrataException;

/**
 * Parses where a discovery looks: IPv4 addresses (one, a range "a-b", or a CIDR block) and UDP ports (one, or
 * a range "a-b"). Only IPv4: BMC management networks are IPv4 in practice, and a CIDR block of IPv6 cannot be
 * scanned anyway. Public so that the web service's tests can hold the OpenAPI document to these very checks; the
 * bundle exports none of its packages.
 */
public final class Probes {

    static final int MAX_ADDRESSES = 4096;
    static final int MAX_PORTS = 1024;
    /** Addresses times ports: beyond this a scan takes hours at one second per silent address. */
    static final int MAX_PROBES = 65536;

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern PORT_RANGE = Pattern.compile("(\\d{1,5})(?:\\s*-\\s*(\\d{1,5}))?");

    private Probes() {}

    /** Every address in {@code spec}, in order; INVALID_INPUT when it is malformed or holds more than 4096. */
    public static List<String> addresses(String spec) {
        if (spec == null || spec.isBlank()) {
            throw StrataException.invalid("addresses is required: one IPv4 address, a range"
                    + " \"10.0.0.1-10.0.0.40\" or a CIDR block \"10.0.0.0/26\"");
        }
        String text = spec.strip();
        long first;
        long last;
        int slash = text.indexOf('/');
        int dash = text.indexOf('-');
        if (slash >= 0) {
            long base = ipv4(text.substring(0, slash).strip(), spec);
            int bits;
            try {
                bits = Integer.parseInt(text.substring(slash + 1).strip());
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > 32) {
                throw StrataException.invalid("addresses '" + spec + "': the prefix length must be 0 to 32");
            }
            long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
            first = base & mask;
            last = first + (1L << (32 - bits)) - 1;
        } else if (dash >= 0) {
            first = ipv4(text.substring(0, dash).strip(), spec);
            last = ipv4(text.substring(dash + 1).strip(), spec);
            if (last < first) {
                throw StrataException.invalid("addresses '" + spec + "': the range ends before it starts");
            }
        } else {
            first = ipv4(text, spec);
            last = first;
        }
        if (last - first + 1 > MAX_ADDRESSES) {
            throw StrataException.invalid("addresses '" + spec + "' holds " + (last - first + 1)
                    + " addresses; at most " + MAX_ADDRESSES + " are scanned at once");
        }
        List<String> result = new ArrayList<>();
        for (long a = first; a <= last; a++) {
            result.add(((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255));
        }
        return result;
    }

    /** Every port in {@code spec}; 623 (the IPMI port) when it is blank. */
    public static List<Integer> ports(String spec) {
        if (spec == null || spec.isBlank()) {
            return List.of(623);
        }
        Matcher m = PORT_RANGE.matcher(spec.strip());
        if (!m.matches()) {
            throw StrataException.invalid("ports '" + spec + "' must be a port \"623\" or a range \"9001-9050\"");
        }
        int first = Integer.parseInt(m.group(1));
        int last = m.group(2) == null ? first : Integer.parseInt(m.group(2));
        if (first < 1 || last > 65535 || last < first) {
            throw StrataException.invalid("ports '" + spec + "' must lie between 1 and 65535, lowest first");
        }
        if (last - first + 1 > MAX_PORTS) {
            throw StrataException.invalid("ports '" + spec + "' holds " + (last - first + 1) + " ports; at most "
                    + MAX_PORTS + " are scanned at once");
        }
        List<Integer> result = new ArrayList<>();
        for (int p = first; p <= last; p++) {
            result.add(p);
        }
        return result;
    }

    private static long ipv4(String text, String spec) {
        Matcher m = IPV4.matcher(text);
        if (!m.matches()) {
            throw StrataException.invalid("addresses '" + spec + "': '" + text + "' is not an IPv4 address");
        }
        long value = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                throw StrataException.invalid("addresses '" + spec + "': '" + text + "' is not an IPv4 address");
            }
            value = (value << 8) | octet;
        }
        return value;
    }
}
