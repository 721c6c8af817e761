package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** A tenant to create or change; an absent quota is unlimited on create and kept on a change. */
@XmlType(name = "TenantSpec")
public class TenantSpecDto {
    public String name;
    public String description;
    public QuotaDto quota;

    public TenantSpecDto() {}
}
