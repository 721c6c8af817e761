package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** CPU and memory allocation; an absent field is not set. */
@XmlType(name = "VmResources")
public class VmResourcesDto {
    public Integer cpuShares;
    public Integer cpuLimitPercent;
    public Integer cpuReservationPercent;
    public Long memoryLimitMb;
    public Long memoryReservationMb;

    public VmResourcesDto() {}
}
