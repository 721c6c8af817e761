package org.strata.libvirt.support;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The devices of a running domain whose counters the statistics read, from its live XML: each disk's target when it
 * has a source, each interface's target device (or its MAC address where it has none). The same choice as reading
 * {@code /domain/devices} through {@link HardenedDom} (first {@code devices}, first {@code target}, first {@code mac}),
 * scanned instead of parsed into a document: the statistics read one such XML per running VM per round, and the
 * JDK's parsers spent more on setting themselves up for each than on the XML itself (a DOM was a third of the round's
 * Java CPU, a reused SAX parser still a quarter; bench/rounds.sh under JFR).
 *
 * <p>The scanner reads the XML libvirt writes: elements, attributes in either quote, comments, processing
 * instructions, character data. It resolves no entity but the five predefined ones and character references, and
 * refuses a document type declaration, so nothing outside the string is ever read. Anything else that is not
 * well-formed is refused too.
 *
 * @param disks the disk targets to ask {@code virDomainBlockStats} about, in document order
 * @param nics  the interface names to ask {@code virDomainInterfaceStats} about, in document order
 */
record LiveDevices(List<String> disks, List<String> nics) {

    LiveDevices {
        disks = List.copyOf(disks);
        nics = List.copyOf(nics);
    }

    static LiveDevices of(String xml) {
        Scanner scanner = new Scanner(xml);
        scanner.document();
        return new LiveDevices(scanner.disks, scanner.nics);
    }

    /** Follows the depth: the root is 1, its devices 2, a disk or interface 3, their children 4. */
    private static final class Scanner {
        final List<String> disks = new ArrayList<>();
        final List<String> nics = new ArrayList<>();
        private final String xml;
        private final Deque<String> open = new ArrayDeque<>();
        private final Map<String, String> attributes = new HashMap<>();
        private int at;
        private boolean inDevices;
        private boolean devicesSeen;
        private Device device;

        Scanner(String xml) {
            this.xml = xml;
        }

        void document() {
            boolean rootSeen = false;
            while (true) {
                int lt = xml.indexOf('<', at);
                if (lt < 0) {
                    break;
                }
                at = lt;
                if (xml.startsWith("<?", at)) {
                    skipPast("?>");
                } else if (xml.startsWith("<!--", at)) {
                    skipPast("-->");
                } else if (xml.startsWith("<![CDATA[", at)) {
                    if (open.isEmpty()) {
                        throw broken("character data outside the root");
                    }
                    skipPast("]]>");
                } else if (xml.startsWith("<!", at)) {
                    throw broken("a document type declaration");
                } else if (xml.startsWith("</", at)) {
                    end();
                } else {
                    if (open.isEmpty() && rootSeen) {
                        throw broken("a second root element");
                    }
                    rootSeen = true;
                    start();
                }
            }
            if (!rootSeen || !open.isEmpty()) {
                throw broken(rootSeen ? "<" + open.peek() + "> is not closed" : "no element");
            }
        }

        private void start() {
            at++;
            String name = name();
            attributes.clear();
            while (true) {
                skipSpaces();
                if (xml.startsWith("/>", at)) {
                    at += 2;
                    started(name);
                    ended();
                    return;
                }
                if (xml.startsWith(">", at)) {
                    at++;
                    started(name);
                    return;
                }
                String attribute = name();
                skipSpaces();
                expect('=');
                skipSpaces();
                attributes.put(attribute, value());
            }
        }

        private void started(String name) {
            open.push(name);
            int depth = open.size();
            if (depth == 2 && !devicesSeen && name.equals("devices")) {
                inDevices = true;
                devicesSeen = true;
            } else if (inDevices && depth == 3 && (name.equals("disk") || name.equals("interface"))) {
                device = new Device(name.equals("disk"));
            } else if (device != null && depth == 4) {
                device.child(name, attributes);
            }
        }

        private void end() {
            at += 2;
            String name = name();
            skipSpaces();
            expect('>');
            if (!name.equals(open.peek())) {
                throw broken("</" + name + "> closes <" + open.peek() + ">");
            }
            ended();
        }

        private void ended() {
            int depth = open.size();
            if (device != null && depth == 3) {
                device.addTo(disks, nics);
                device = null;
            } else if (inDevices && depth == 2) {
                inDevices = false;
            }
            open.pop();
        }

        private String name() {
            int from = at;
            while (at < xml.length()) {
                char c = xml.charAt(at);
                if (Character.isWhitespace(c) || c == '/' || c == '>' || c == '=' || c == '<') {
                    break;
                }
                at++;
            }
            if (at == from) {
                throw broken("a name expected");
            }
            return xml.substring(from, at);
        }

        private String value() {
            if (at >= xml.length() || (xml.charAt(at) != '\'' && xml.charAt(at) != '"')) {
                throw broken("a quoted attribute value expected");
            }
            char quote = xml.charAt(at);
            int close = xml.indexOf(quote, at + 1);
            if (close < 0) {
                throw broken("an attribute value is not closed");
            }
            String raw = xml.substring(at + 1, close);
            at = close + 1;
            if (raw.indexOf('<') >= 0) {
                throw broken("'<' in an attribute value");
            }
            return raw.indexOf('&') < 0 ? raw : unescape(raw);
        }

        private String unescape(String raw) {
            StringBuilder text = new StringBuilder(raw.length());
            int i = 0;
            while (i < raw.length()) {
                char c = raw.charAt(i);
                if (c != '&') {
                    text.append(c);
                    i++;
                    continue;
                }
                int semi = raw.indexOf(';', i);
                if (semi < 0) {
                    throw broken("an unterminated reference in an attribute value");
                }
                String ref = raw.substring(i + 1, semi);
                switch (ref) {
                    case "lt" -> text.append('<');
                    case "gt" -> text.append('>');
                    case "amp" -> text.append('&');
                    case "quot" -> text.append('"');
                    case "apos" -> text.append('\'');
                    default -> text.appendCodePoint(characterReference(ref));
                }
                i = semi + 1;
            }
            return text.toString();
        }

        private int characterReference(String ref) {
            try {
                if (ref.startsWith("#x")) {
                    return Integer.parseInt(ref.substring(2), 16);
                }
                if (ref.startsWith("#")) {
                    return Integer.parseInt(ref.substring(1));
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw broken("the reference &" + ref + "; (only the predefined entities and character references)");
        }

        private void skipPast(String end) {
            int found = xml.indexOf(end, at);
            if (found < 0) {
                throw broken("an unterminated " + xml.substring(at, Math.min(xml.length(), at + 4)));
            }
            at = found + end.length();
        }

        private void skipSpaces() {
            while (at < xml.length() && Character.isWhitespace(xml.charAt(at))) {
                at++;
            }
        }

        private void expect(char c) {
            if (at >= xml.length() || xml.charAt(at) != c) {
                throw broken("'" + c + "' expected");
            }
            at++;
        }

        private IllegalArgumentException broken(String what) {
            return new IllegalArgumentException("not well-formed XML at offset " + at + ": " + what);
        }
    }

    /** One disk or interface while it is read; only the first of each child counts, as HardenedDom.child. */
    private static final class Device {
        private final boolean disk;
        private boolean targetSeen;
        private boolean macSeen;
        private boolean source;
        private String target;
        private String mac;

        Device(boolean disk) {
            this.disk = disk;
        }

        void child(String name, Map<String, String> attributes) {
            switch (name) {
                case "target" -> {
                    if (!targetSeen) {
                        targetSeen = true;
                        target = attributes.get("dev");
                    }
                }
                case "mac" -> {
                    if (!macSeen) {
                        macSeen = true;
                        mac = attributes.get("address");
                    }
                }
                case "source" -> source = true;
                default -> {
                    // not read for statistics
                }
            }
        }

        void addTo(List<String> disks, List<String> nics) {
            if (disk) {
                if (target != null && source) {
                    disks.add(target);
                }
            } else if (target != null || mac != null) {
                nics.add(target != null ? target : mac);
            }
        }
    }
}
