package org.strata.driver.libvirt.storage;

import java.io.IOException;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.Reasons;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/** Reading libvirt's XML descriptions and writing the small documents this driver sends. */
final class StorageXml {

    private StorageXml() {}

    static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // libvirt never sends a DTD; refusing one keeps the parser from fetching anything.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            return builder.parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new DriverException(
                    Fault.DRIVER_FAILURE, "libvirt sent XML this driver cannot read: " + Reasons.of(e), e);
        }
    }

    /** The text an XPath expression selects, or "" when it selects nothing. */
    static String text(Document doc, String xpath) {
        try {
            return (String) XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.STRING);
        } catch (XPathExpressionException e) {
            throw new IllegalStateException("bad XPath " + xpath, e);
        }
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\'' -> out.append("&apos;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A new volume's description: a file of {@code format}, {@code capacity} bytes as the guest sees it. */
    static String volume(String name, long capacity, String format) {
        return "<volume type='file'>"
                + "<name>" + escape(name) + "</name>"
                + "<capacity unit='bytes'>" + capacity + "</capacity>"
                // No allocation: raw files stay sparse and qcow2 files start with their header only.
                + "<allocation unit='bytes'>0</allocation>"
                + "<target><format type='" + escape(format) + "'/></target>"
                + "</volume>";
    }

    /** A qcow2 volume that reads unwritten blocks from {@code backingPath}, as big as its base. */
    static String linkedVolume(String name, long capacity, String backingPath, String backingFormat) {
        return "<volume type='file'>"
                + "<name>" + escape(name) + "</name>"
                + "<capacity unit='bytes'>" + capacity + "</capacity>"
                + "<allocation unit='bytes'>0</allocation>"
                + "<target><format type='qcow2'/></target>"
                + "<backingStore><path>" + escape(backingPath) + "</path>"
                + "<format type='" + escape(backingFormat) + "'/></backingStore>"
                + "</volume>";
    }
}
