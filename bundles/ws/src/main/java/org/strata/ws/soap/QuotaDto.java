package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** The most a tenant may have in all its pools together; an absent field is unlimited. */
@XmlType(
        name = "Quota",
        propOrder = {"vms", "cpus", "memoryMb", "storageGb"})
public class QuotaDto {
    public Integer vms;
    public Integer cpus;
    public Long memoryMb;
    public Long storageGb;

    public QuotaDto() {}
}
