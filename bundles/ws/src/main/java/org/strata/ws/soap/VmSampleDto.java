package org.strata.ws.soap;

import java.time.Instant;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** VM statistics over the interval ending at 'at'. */
@XmlType(name = "VmSample")
public class VmSampleDto {
    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant at;

    public double cpuPercent;
    public long memoryUsedMb;
    public double diskReadBytesPerSec;
    public double diskWriteBytesPerSec;
    public double netRxBytesPerSec;
    public double netTxBytesPerSec;

    public VmSampleDto() {}
}
