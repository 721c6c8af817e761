package org.strata.ws.soap;

import java.time.Instant;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** One thing that happened to a provisioning: a step Strata took or a callback it received. */
@XmlType(name = "ProvisioningStep")
public class ProvisioningStepDto {
    public String step;
    public String detail;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant at;

    public ProvisioningStepDto() {}
}
