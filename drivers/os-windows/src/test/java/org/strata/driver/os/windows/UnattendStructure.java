package org.strata.driver.os.windows;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * Structural checks of an unattend file, written for these tests from Microsoft's "Unattended Windows Setup
 * Reference" (no Windows System Image Manager nor Setup runs here): well-formed (the JDK's parser and libxml2's
 * xmllint), the unattend namespace throughout, {@code wcm:} attributes in the WMIConfig namespace, known passes each
 * once, in each pass only the components the reference lists for it, each with {@code amd64}, Microsoft's public
 * key token, {@code neutral} and {@code nonSxS}, list items ({@code wcm:action="add"}) numbered 1..n by their
 * {@code Order}, and no empty required value. Not checked: the full per-component schema.
 */
final class UnattendStructure {

    static final Set<String> PASSES = Set.of(
            "windowsPE", "offlineServicing", "generalize", "specialize", "auditSystem", "auditUser", "oobeSystem");

    /** The components the reference allows in the passes this driver writes. */
    static final Map<String, Set<String>> COMPONENTS = Map.of(
            "windowsPE", Set.of("Microsoft-Windows-International-Core-WinPE", "Microsoft-Windows-Setup"),
            "specialize",
                    Set.of(
                            "Microsoft-Windows-Shell-Setup",
                            "Microsoft-Windows-TCPIP",
                            "Microsoft-Windows-DNS-Client",
                            "Microsoft-Windows-Deployment",
                            "Microsoft-Windows-International-Core"),
            "oobeSystem", Set.of("Microsoft-Windows-International-Core", "Microsoft-Windows-Shell-Setup"));

    private UnattendStructure() {}

    static Document check(String xml) throws Exception {
        Tools.check(xml, "xmllint", "--noout", "--nonet");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        Element root = doc.getDocumentElement();
        assertEquals("unattend", root.getLocalName());
        assertEquals(Unattend.NS, root.getNamespaceURI());
        Set<String> seen = new HashSet<>();
        for (Element settings : children(root)) {
            assertEquals("settings", settings.getLocalName());
            String pass = settings.getAttribute("pass");
            assertTrue("a known pass: " + pass, PASSES.contains(pass));
            assertTrue("each pass once: " + pass, seen.add(pass));
            Set<String> names = new HashSet<>();
            for (Element component : children(settings)) {
                assertEquals("component", component.getLocalName());
                String name = component.getAttribute("name");
                assertTrue(
                        name + " is allowed in " + pass,
                        COMPONENTS.getOrDefault(pass, Set.of()).contains(name));
                assertTrue(name + " once in " + pass, names.add(name));
                assertEquals("amd64", component.getAttribute("processorArchitecture"));
                assertEquals("31bf3856ad364e35", component.getAttribute("publicKeyToken"));
                assertEquals("neutral", component.getAttribute("language"));
                assertEquals("nonSxS", component.getAttribute("versionScope"));
            }
        }
        walk(root);
        return doc;
    }

    private static void walk(Element e) {
        assertEquals("every element is in the unattend namespace: " + e.getTagName(), Unattend.NS, e.getNamespaceURI());
        NamedNodeMap attributes = e.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node a = attributes.item(i);
            if ("http://www.w3.org/2000/xmlns/".equals(a.getNamespaceURI())) {
                continue;
            }
            if (a.getNamespaceURI() != null) {
                assertEquals("wcm attributes are WMIConfig's: " + a.getNodeName(), Unattend.WCM, a.getNamespaceURI());
                if (a.getLocalName().equals("action")) {
                    assertTrue(Set.of("add", "modify", "remove").contains(a.getNodeValue()));
                }
            }
        }
        List<Element> kids = children(e);
        List<Integer> orders = new ArrayList<>();
        for (Element k : kids) {
            if (k.hasAttributeNS(Unattend.WCM, "action")) {
                for (Element c : children(k)) {
                    if (c.getLocalName().equals("Order")) {
                        orders.add(Integer.parseInt(c.getTextContent()));
                    }
                }
            }
            walk(k);
        }
        for (int i = 0; i < orders.size(); i++) {
            assertEquals(e.getLocalName() + ": items are ordered 1..n", Integer.valueOf(i + 1), orders.get(i));
        }
        for (String required : List.of("ComputerName", "Name", "CommandLine", "Path", "Identifier", "TimeZone")) {
            if (e.getLocalName().equals(required)) {
                assertTrue(required + " is not empty", !e.getTextContent().isBlank());
            }
        }
    }

    static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el) {
                out.add(el);
            }
        }
        return out;
    }

    /** The text of every element with this local name, in document order. */
    static List<String> texts(Document doc, String localName) {
        List<String> out = new ArrayList<>();
        var nodes = doc.getElementsByTagNameNS(Unattend.NS, localName);
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }

    static Element component(Document doc, String pass, String name) {
        for (Element settings : children(doc.getDocumentElement())) {
            if (settings.getAttribute("pass").equals(pass)) {
                for (Element c : children(settings)) {
                    if (c.getAttribute("name").equals(name)) {
                        return c;
                    }
                }
            }
        }
        throw new AssertionError("no " + name + " in " + pass);
    }
}
