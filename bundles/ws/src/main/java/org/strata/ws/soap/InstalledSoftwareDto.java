package org.strata.ws.soap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** The software installed in a VM, a template or a golden image, as last read (method agent or offline). */
@XmlType(name = "InstalledSoftware")
public class InstalledSoftwareDto {
    public String targetKind;

    public String targetId;

    public String method;

    public String os;

    public String family;

    @XmlElement(name = "package")
    public List<SoftwarePackageDto> packages = new ArrayList<>();

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant read;

    public InstalledSoftwareDto() {}
}
