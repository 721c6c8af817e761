package org.strata.ws.soap;

import java.time.Instant;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** A tenant: owns resource pools and the VMs in them. */
@XmlType(name = "Tenant")
public class TenantDto {
    public String id;
    public String name;
    public String description;
    public QuotaDto quota;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant created;

    public TenantDto() {}
}
