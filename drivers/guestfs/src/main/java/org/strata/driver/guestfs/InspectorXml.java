package org.strata.driver.guestfs;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.image.ImageInspection;
import org.strata.spi.os.InstalledPackage;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * virt-inspector's XML ({@code <operatingsystems><operatingsystem>...}) read into an {@link ImageInspection}, with the
 * OS keyed as a guest agent's {@code guest-get-osinfo} (os-release's words), so that an OS family driver recognizes an
 * image as it recognizes a running guest. The text comes from the image (package names, descriptions, host name): the
 * JDK's own parser, with no DOCTYPE, no entities and nothing external.
 */
final class InspectorXml {

    /** libguestfs' distro names that differ from os-release's {@code ID}; the others are the same word. */
    private static final Map<String, String> IDS = Map.of(
            "oraclelinux", "ol",
            "archlinux", "arch",
            "alpinelinux", "alpine",
            "opensuse", "opensuse-leap",
            "windows", "mswindows",
            "redhat-based", "rhel",
            "kalilinux", "kali");

    /** os-release's {@code NAME} of the distributions Strata has drivers for, as their agents report it. */
    private static final Map<String, String> NAMES = Map.of(
            "debian", "Debian GNU/Linux",
            "ubuntu", "Ubuntu",
            "rhel", "Red Hat Enterprise Linux",
            "centos", "CentOS Stream",
            "rocky", "Rocky Linux",
            "almalinux", "AlmaLinux",
            "fedora", "Fedora Linux",
            "mswindows", "Microsoft Windows");

    private InspectorXml() {}

    /**
     * The first OS virt-inspector found (a disk with several, multi-boot, is not what Strata inspects).
     *
     * @throws DriverException INVALID when it found none; DRIVER_FAILURE for a document that is not virt-inspector's
     */
    static ImageInspection parse(String xml, String subject) {
        Element root = document(xml, subject).getDocumentElement();
        if (!"operatingsystems".equals(root.getTagName())) {
            throw new DriverException(
                    Fault.DRIVER_FAILURE, "virt-inspector's answer for " + subject + " is not an inspection");
        }
        Element os = child(root, "operatingsystem");
        if (os == null) {
            throw new DriverException(
                    Fault.INVALID, "no operating system the disk image tools recognize was found in " + subject);
        }
        return new ImageInspection(osKeys(os), text(os, "hostname"), packages(os));
    }

    static Map<String, String> osKeys(Element os) {
        Map<String, String> keys = new LinkedHashMap<>();
        String distro = text(os, "distro");
        String id = null;
        if (distro != null && !"unknown".equals(distro)) {
            id = IDS.getOrDefault(distro, distro);
        } else if ("windows".equals(text(os, "name"))) {
            id = "mswindows";
        }
        String versionId = versionId(id, text(os, "major_version"), text(os, "minor_version"));
        String product = text(os, "product_name");
        String name = id == null ? product : NAMES.getOrDefault(id, product);
        String pretty = product;
        // Debian's product name is its /etc/debian_version ("12.15"): no name for people on its own.
        if (pretty == null || pretty.matches("[0-9.]+")) {
            pretty = name == null ? null : versionId == null ? name : name + " " + versionId;
        }
        put(keys, "id", id);
        put(keys, "name", name);
        put(keys, "pretty-name", pretty);
        put(keys, "version-id", versionId);
        put(keys, "machine", text(os, "arch"));
        return keys;
    }

    /**
     * os-release's {@code VERSION_ID} from libguestfs' major and minor version: Debian and Fedora name the major one
     * only (libguestfs' Debian minor is the point release), Ubuntu two digits after the dot ("22.04"), the others
     * both ("9.4").
     */
    static String versionId(String id, String major, String minor) {
        if (major == null || ("0".equals(major) && (minor == null || "0".equals(minor)))) {
            return null;
        }
        if ("debian".equals(id) || "fedora".equals(id) || minor == null) {
            return major;
        }
        if ("ubuntu".equals(id)) {
            return major + "." + (minor.length() == 1 ? "0" + minor : minor);
        }
        return major + "." + minor;
    }

    /**
     * The applications as packages, their versions in the family's syntax: {@code [epoch:]version[-release]} (dpkg's
     * upstream version and Debian revision, rpm's version and release).
     */
    static List<InstalledPackage> packages(Element os) {
        List<InstalledPackage> packages = new ArrayList<>();
        Element applications = child(os, "applications");
        if (applications == null) {
            return packages;
        }
        for (Node n = applications.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element app) || !"application".equals(app.getTagName())) {
                continue;
            }
            String name = text(app, "name");
            String version = text(app, "version");
            if (name == null || version == null) {
                continue;
            }
            String epoch = text(app, "epoch");
            String release = text(app, "release");
            StringBuilder full = new StringBuilder();
            if (epoch != null && !"0".equals(epoch)) {
                full.append(epoch).append(':');
            }
            full.append(version);
            if (release != null) {
                full.append('-').append(release);
            }
            packages.add(new InstalledPackage(name, full.toString(), text(app, "arch")));
        }
        return packages;
    }

    private static Document document(String xml, String subject) {
        try {
            // The JDK's own parser, not whichever the container's class path would offer.
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException e) {
            throw new DriverException(
                    Fault.DRIVER_FAILURE, "this Java runtime's XML parser cannot be made safe: " + e.getMessage(), e);
        } catch (SAXException | IOException e) {
            throw new DriverException(
                    Fault.DRIVER_FAILURE,
                    "virt-inspector's answer for " + subject + " is not well-formed XML: " + e.getMessage(),
                    e);
        }
    }

    private static Element child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && tag.equals(e.getTagName())) {
                return e;
            }
        }
        return null;
    }

    /** A child element's text, trimmed; null when missing or blank. */
    private static String text(Element parent, String tag) {
        Element e = child(parent, tag);
        if (e == null) {
            return null;
        }
        String t = e.getTextContent().strip();
        return t.isEmpty() ? null : t;
    }

    private static void put(Map<String, String> keys, String key, String value) {
        if (value != null && !value.isBlank()) {
            keys.put(key, value);
        }
    }
}
