package org.strata.libvirt.support;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The devices of a running domain whose counters the statistics read, from its live XML: each disk's target when it
 * has a source, each interface's target device (or its MAC address where it has none). The same choice as reading
 * {@code /domain/devices} through {@link HardenedDom} (first {@code devices}, first {@code target}, first {@code mac}),
 * streamed instead of built into a document: the statistics read one such XML per running VM per round, and building
 * the DOM was a third of the Java CPU of that round (bench/rounds.sh under JFR).
 *
 * @param disks the disk targets to ask {@code virDomainBlockStats} about, in document order
 * @param nics  the interface names to ask {@code virDomainInterfaceStats} about, in document order
 */
record LiveDevices(List<String> disks, List<String> nics) {

    /**
     * No DTD, no external entities, as {@link HardenedDom}; a reader per thread, reused: creating a parser cost more
     * than a domain's whole XML takes to read (a StAX reader made per call was half of it in the profile).
     */
    private static final ThreadLocal<XMLReader> PARSER = ThreadLocal.withInitial(LiveDevices::newParser);

    LiveDevices {
        disks = List.copyOf(disks);
        nics = List.copyOf(nics);
    }

    private static XMLReader newParser() {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            return factory.newSAXParser().getXMLReader();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured", e);
        }
    }

    static LiveDevices of(String xml) {
        Scanner scanner = new Scanner();
        XMLReader parser = PARSER.get();
        parser.setContentHandler(scanner);
        try {
            parser.parse(new InputSource(new StringReader(xml)));
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        } finally {
            parser.setContentHandler(null);
        }
        return new LiveDevices(scanner.disks, scanner.nics);
    }

    /** Follows the depth: the root is 1, its devices 2, a disk or interface 3, their children 4. */
    private static final class Scanner extends DefaultHandler {
        final List<String> disks = new ArrayList<>();
        final List<String> nics = new ArrayList<>();
        private int depth;
        private boolean inDevices;
        private boolean devicesSeen;
        private Device device;

        @Override
        public void startElement(String uri, String localName, String name, Attributes attributes) {
            depth++;
            if (depth == 2 && !devicesSeen && name.equals("devices")) {
                inDevices = true;
                devicesSeen = true;
            } else if (inDevices && depth == 3 && (name.equals("disk") || name.equals("interface"))) {
                device = new Device(name.equals("disk"));
            } else if (device != null && depth == 4) {
                device.child(name, attributes);
            }
        }

        @Override
        public void endElement(String uri, String localName, String name) {
            if (device != null && depth == 3) {
                device.addTo(disks, nics);
                device = null;
            } else if (inDevices && depth == 2) {
                inDevices = false;
            }
            depth--;
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

        void child(String name, Attributes attributes) {
            switch (name) {
                case "target" -> {
                    if (!targetSeen) {
                        targetSeen = true;
                        target = attributes.getValue("dev");
                    }
                }
                case "mac" -> {
                    if (!macSeen) {
                        macSeen = true;
                        mac = attributes.getValue("address");
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
