package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/** From each firing of start to the next firing of end (Quartz cron expressions), except on the dates listed. */
@XmlType(name = "ScheduleWindow")
public class ScheduleWindowDto {
    public String name;
    public String policy;
    public String start;
    public String end;
    public String zone;

    /** 2026-12-25 once, --12-25 every year. */
    @XmlElement(name = "except")
    public List<String> except = new ArrayList<>();

    public ScheduleWindowDto() {}
}
