package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/** A cluster's calendar of policies, as REST's PUT /clusters/{id}/schedule takes it. */
@XmlType(name = "ClusterSchedule")
public class ClusterScheduleDto {
    /** The time zone of policy days and of windows that name none, e.g. Europe/Paris. */
    public String zone;

    /** Earlier windows win where they overlap. */
    @XmlElement(name = "window")
    public List<ScheduleWindowDto> windows = new ArrayList<>();

    @XmlElement(name = "policyDay")
    public List<PolicyDayDto> policyDays = new ArrayList<>();

    public ClusterScheduleDto() {}
}
