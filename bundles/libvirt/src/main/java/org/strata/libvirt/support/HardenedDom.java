package org.strata.libvirt.support;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/** The few DOM helpers the domain XML code needs; the JDK's parser, hardened because XML comes from a host. */
final class HardenedDom {

    /**
     * One hardened parser per thread, made once: making one (a factory found through the service loader, then
     * the parser's configuration) cost several times the parse of a domain description, and the synchronizer and
     * the monitor parse one per VM per round (the fleet benchmark's profile: a quarter of all CPU at 1,000 hosts).
     * A DocumentBuilder is not thread-safe, hence one per thread; it is reset before each use.
     */
    private static final ThreadLocal<DocumentBuilder> PARSER = ThreadLocal.withInitial(HardenedDom::newParser);

    private HardenedDom() {}

    private static DocumentBuilder newParser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured", e);
        }
    }

    static Document parse(String xml) {
        DocumentBuilder builder = PARSER.get();
        builder.reset();
        try {
            return builder.parse(new InputSource(new StringReader(xml)));
        } catch (SAXException | java.io.IOException e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        }
    }

    static Document newDocument(String rootName) {
        DocumentBuilder builder = PARSER.get();
        builder.reset();
        Document doc = builder.newDocument();
        doc.appendChild(doc.createElement(rootName));
        return doc;
    }

    /**
     * The XML text of a node and what it holds. Written here rather than by a JAXP {@code Transformer}: finding a
     * factory and making a transformer for each description written (a service lookup through Karaf's spec locator,
     * then the serializer's configuration) was most of the driver's own CPU in a define, several times the
     * writing. A DOM of the non-namespace-aware parser above has only elements, attributes, text, CDATA and
     * comments; prefixes stay in the names and {@code xmlns} declarations are plain attributes, so they are written
     * back as read. No indentation is added: libvirt stores its own formatting.
     */
    static String write(Node node) {
        StringBuilder out = new StringBuilder(1024);
        writeNode(node.getNodeType() == Node.DOCUMENT_NODE ? ((Document) node).getDocumentElement() : node, out);
        return out.toString();
    }

    private static void writeNode(Node node, StringBuilder out) {
        switch (node.getNodeType()) {
            case Node.ELEMENT_NODE -> {
                String name = node.getNodeName();
                out.append('<').append(name);
                NamedNodeMap attributes = node.getAttributes();
                for (int i = 0; i < attributes.getLength(); i++) {
                    Node a = attributes.item(i);
                    out.append(' ').append(a.getNodeName()).append("=\"");
                    escape(a.getNodeValue(), true, out);
                    out.append('"');
                }
                if (node.getFirstChild() == null) {
                    out.append("/>");
                    return;
                }
                out.append('>');
                for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
                    writeNode(c, out);
                }
                out.append("</").append(name).append('>');
            }
            case Node.TEXT_NODE -> escape(node.getNodeValue(), false, out);
            case Node.CDATA_SECTION_NODE ->
                out.append("<![CDATA[").append(node.getNodeValue()).append("]]>");
            case Node.COMMENT_NODE ->
                out.append("<!--").append(node.getNodeValue()).append("-->");
            default -> {
                // processing instructions and entity references: none in what libvirt writes or Strata builds
            }
        }
    }

    private static void escape(String text, boolean attribute, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                // kept as characters in an attribute, where a parser would otherwise fold them into spaces
                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                case '\r' -> out.append("&#13;");
                case '\t' -> out.append(attribute ? "&#9;" : "\t");
                default -> out.append(c);
            }
        }
    }

    /** Direct children with that name, in document order. */
    static List<Element> children(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        if (parent == null) {
            return result;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                result.add(e);
            }
        }
        return result;
    }

    static Element child(Element parent, String name) {
        List<Element> all = children(parent, name);
        return all.isEmpty() ? null : all.get(0);
    }

    /** The element at a path of child names below {@code parent}, or null. */
    static Element path(Element parent, String... names) {
        Element e = parent;
        for (String name : names) {
            e = child(e, name);
            if (e == null) {
                return null;
            }
        }
        return e;
    }

    static String text(Element parent, String... names) {
        Element e = path(parent, names);
        return e == null ? null : e.getTextContent().trim();
    }

    static String attr(Element e, String name) {
        if (e == null || !e.hasAttribute(name)) {
            return null;
        }
        return e.getAttribute(name);
    }

    static Element add(Element parent, String name) {
        Element e = parent.getOwnerDocument().createElement(name);
        parent.appendChild(e);
        return e;
    }

    static Element add(Element parent, String name, String text) {
        Element e = add(parent, name);
        e.setTextContent(text);
        return e;
    }

    /** The child with that name, created (appended) when missing. */
    static Element ensure(Element parent, String name) {
        Element e = child(parent, name);
        return e != null ? e : add(parent, name);
    }

    static void removeChildren(Element parent, String name) {
        for (Element e : children(parent, name)) {
            parent.removeChild(e);
        }
    }

    static List<Element> all(NodeList list) {
        List<Element> result = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            if (list.item(i) instanceof Element e) {
                result.add(e);
            }
        }
        return result;
    }
}
