package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** One live migration balancing recommends. */
@XmlType(name = "Recommendation")
public class RecommendationDto {
    public String vmId;
    public String vmName;
    public String fromHostId;
    public String toHostId;
    public double gain;
    public String reason;

    public RecommendationDto() {}
}
