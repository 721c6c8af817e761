package org.strata.ws.soap;

import java.time.Instant;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** Host statistics over the interval ending at 'at'. */
@XmlType(name = "HostSample")
public class HostSampleDto {
    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant at;

    public double cpuPercent;
    public long memoryUsedMb;
    public long memoryTotalMb;

    public HostSampleDto() {}
}
