package org.strata.vsphere.vim;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** Reads SOAP replies into {@link XmlNode} trees; no DTDs, no external entities (the server is not trusted). */
final class Replies {

    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    private final XMLInputFactory factory;

    Replies() {
        factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    /** The whole document as a tree rooted at its document element. */
    XmlNode parse(InputStream in) throws XMLStreamException {
        XMLStreamReader reader = factory.createXMLStreamReader(in, "UTF-8");
        try {
            Deque<Builder> open = new ArrayDeque<>();
            XmlNode root = null;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String xsiType = reader.getAttributeValue(XSI, "type");
                    if (xsiType != null && xsiType.indexOf(':') >= 0) {
                        xsiType = xsiType.substring(xsiType.indexOf(':') + 1);
                    }
                    open.push(new Builder(reader.getLocalName(), xsiType, plainAttribute(reader, "type")));
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    if (!open.isEmpty()) {
                        open.peek().text.append(reader.getText());
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    XmlNode done = open.pop().build();
                    if (open.isEmpty()) {
                        root = done;
                    } else {
                        open.peek().children.add(done);
                    }
                }
            }
            if (root == null) {
                throw new XMLStreamException("empty reply");
            }
            return root;
        } finally {
            reader.close();
        }
    }

    /**
     * An attribute in no namespace. (StAX's {@code getAttributeValue(null, name)} matches any namespace, and so
     * would answer {@code xsi:type} for {@code type}.)
     */
    private static String plainAttribute(XMLStreamReader reader, String name) {
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String ns = reader.getAttributeNamespace(i);
            if ((ns == null || ns.isEmpty()) && name.equals(reader.getAttributeLocalName(i))) {
                return reader.getAttributeValue(i);
            }
        }
        return null;
    }

    private static final class Builder {
        final String name;
        final String xsiType;
        final String refType;
        final StringBuilder text = new StringBuilder();
        final List<XmlNode> children = new ArrayList<>();

        Builder(String name, String xsiType, String refType) {
            this.name = name;
            this.xsiType = xsiType;
            this.refType = refType;
        }

        XmlNode build() {
            return new XmlNode(name, xsiType, refType, text.toString().trim(), children);
        }
    }
}
