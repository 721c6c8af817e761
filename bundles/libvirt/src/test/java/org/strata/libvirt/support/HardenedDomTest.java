package org.strata.libvirt.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The DOM writer: what it writes reads back as the same document, whatever characters the values hold. */
public class HardenedDomTest {

    private static final String DOMAIN = "<domain type='kvm' xmlns:strata='urn:strata'>"
            + "<name>a &amp; b &lt;c&gt;</name>"
            + "<!-- kept -->"
            + "<description><![CDATA[x < y & z]]></description>"
            + "<metadata><strata:owner id='q&quot;&apos;&lt;&amp;&#10;tab&#9;end'>ops</strata:owner></metadata>"
            + "<devices><disk type='file' device='disk'><source file='/var/lib/a b.qcow2'/></disk></devices>"
            + "</domain>";

    @Test
    public void whatIsWrittenReadsBackTheSame() {
        Document read = HardenedDom.parse(DOMAIN);
        String written = HardenedDom.write(read);
        Document again = HardenedDom.parse(written);

        assertTrue(read.getDocumentElement().isEqualNode(again.getDocumentElement()));
        assertFalse("no XML declaration", written.startsWith("<?xml"));
        Element owner = HardenedDom.path(again.getDocumentElement(), "metadata", "strata:owner");
        assertEquals("q\"'<&\ntab\tend", owner.getAttribute("id"));
        assertEquals("a & b <c>", HardenedDom.text(again.getDocumentElement(), "name"));
        assertEquals("x < y & z", HardenedDom.text(again.getDocumentElement(), "description"));
        assertTrue(written.contains("<!-- kept -->"));
        assertEquals("urn:strata", again.getDocumentElement().getAttribute("xmlns:strata"));
    }

    @Test
    public void writesOneElementAloneAndEmptyElementsShort() {
        Document doc = HardenedDom.newDocument("devices");
        Element disk = HardenedDom.add(doc.getDocumentElement(), "disk");
        disk.setAttribute("type", "file");
        HardenedDom.add(disk, "target").setAttribute("dev", "vda");

        assertEquals("<disk type=\"file\"><target dev=\"vda\"/></disk>", HardenedDom.write(disk));
        assertEquals("<devices><disk type=\"file\"><target dev=\"vda\"/></disk></devices>", HardenedDom.write(doc));
    }
}
