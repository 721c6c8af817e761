package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/** What placement would decide now, and why: the possible hosts first by rank, then the refused ones. */
@XmlType(name = "PlacementExplanation")
public class PlacementExplanationDto {
    public String poolId;
    public String clusterId;
    public String policy;
    public int cpus;
    public long memoryMb;
    /** Absent when no host fits. */
    public String chosenHostId;

    @XmlElement(name = "filter")
    public List<String> filters = new ArrayList<>();

    @XmlElement(name = "weigher")
    public List<String> weighers = new ArrayList<>();

    @XmlElement(name = "host")
    public List<HostVerdictDto> hosts = new ArrayList<>();

    public PlacementExplanationDto() {}
}
