package org.strata.ws.soap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** One target's standing against a baseline at its last scan; targetKind VM, TEMPLATE or IMAGE; status COMPLIANT, NON_COMPLIANT, UNKNOWN (reason says why) or NOT_APPLICABLE. */
@XmlType(name = "Compliance")
public class ComplianceDto {
    public String baselineId;

    public String targetKind;

    public String targetId;

    public String targetName;

    public String status;

    public String method;

    @XmlElement(name = "missing")
    public List<MissingPackageDto> missing = new ArrayList<>();

    public String reason;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant scanned;

    public ComplianceDto() {}
}
