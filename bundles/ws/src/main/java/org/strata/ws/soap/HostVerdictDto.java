package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/** How placement judged one host: refused (each refusal "filter: why"), or possible with its score and rank. */
@XmlType(name = "HostVerdict")
public class HostVerdictDto {
    public String hostId;
    public String hostName;
    public boolean possible;

    @XmlElement(name = "refusal")
    public List<String> refusals = new ArrayList<>();

    public double score;

    /** Sorted by name. */
    @XmlElement(name = "weight")
    public List<WeightDto> weights = new ArrayList<>();

    /** 1 is chosen; 0 for a refused host. */
    public int rank;

    public HostVerdictDto() {}
}
