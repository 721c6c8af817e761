package org.strata.vsphere.vim;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLStreamException;

/** Test-only: a vim25 reply fragment parsed as the connection parses replies (its parser is package-private). */
public final class ParsedReply {

    private ParsedReply() {}

    public static XmlNode of(String xml) {
        try {
            return new Replies().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
