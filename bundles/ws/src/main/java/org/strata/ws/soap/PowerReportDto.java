package org.strata.ws.soap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** What one power management round of a cluster finds from measured load. */
@XmlType(name = "PowerReport")
public class PowerReportDto {
    public String clusterId;
    public String policy;
    public String automation;
    /** none, consolidate or power-on. */
    public String action;

    public double cpuLoad;
    public double memoryLoad;
    public double cpuLoadAfter;
    public double memoryLoadAfter;

    @XmlElement(name = "powerOff")
    public List<PowerHostDto> powerOff = new ArrayList<>();

    @XmlElement(name = "move")
    public List<RecommendationDto> moves = new ArrayList<>();

    @XmlElement(name = "powerOn")
    public List<PowerHostDto> powerOn = new ArrayList<>();

    @XmlElement(name = "standby")
    public List<PowerHostDto> standby = new ArrayList<>();

    @XmlElement(name = "excluded")
    public List<PowerHostDto> excluded = new ArrayList<>();

    @XmlElement(name = "unmet")
    public List<String> unmet = new ArrayList<>();

    public String summary;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant computed;

    public PowerReportDto() {}
}
