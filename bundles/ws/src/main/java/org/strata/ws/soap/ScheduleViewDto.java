package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/** A cluster's calendar (absent: none), the policy it follows now, and the days ahead. */
@XmlType(name = "ScheduleView")
public class ScheduleViewDto {
    public ClusterScheduleDto schedule;
    public PolicySegmentDto active;

    @XmlElement(name = "segment")
    public List<PolicySegmentDto> timeline = new ArrayList<>();

    public ScheduleViewDto() {}
}
